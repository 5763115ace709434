package dev.wagateway.app.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built route that reads input gets garbage: unparsable JSON, JSON of the wrong shape, wrong field types,
 * missing fields, oversized bodies, invalid JIDs and numbers. Each answer is a 4xx in the envelope; never a 5xx.
 */
class MalformedInputTest {

    private static final List<String> BAD_BODIES = List.of("not json", "{\"unterminated\":", "[]", "[1,2]", "\"text\"",
            "42", "null", "", "{}", "{\"text\":5,\"url\":[1],\"customer_name\":{},\"max_devices\":\"many\","
                    + "\"is_active\":\"perhaps\",\"events\":\"message.received\",\"phone\":123,\"device_id\":[],"
                    + "\"device_secret\":false,\"active\":\"yes please\"}",
            "{\"text\":\" \\t\\n \",\"url\":\"   \",\"customer_name\":\"   \",\"phone\":\"+\"}");

    private static TestGateway gateway;
    private static String apiKey;
    private static String token;
    private static long webhookId;
    private static long keyId;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("HTTP_BODY_LIMIT_SIZE", "64K"));
        apiKey = gateway.createApiKey(50);
        keyId = gateway.admin("GET", "/admin/api-keys", null).json().path("data").get(0).path("id").asLong();
        token = gateway.createDevice(apiKey, "fuzz").path("token").asText();
        webhookId = gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/h\"}").json()
                .path("data").path("webhook_id").asLong();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void badBodiesGetA4xxInTheEnvelope() {
        List<Route> routes = List.of(
                new Route("POST", "/admin/api-keys", admin()),
                new Route("PATCH", "/admin/api-keys/" + keyId, admin()),
                new Route("POST", "/devices", Map.of("X-API-Key", apiKey)),
                new Route("POST", "/devices/me/login-code", device()),
                new Route("POST", "/chats/15550000000/messages", device()),
                new Route("POST", "/webhooks", device()),
                new Route("PATCH", "/webhooks/" + webhookId, device()));
        for (Route route : routes) {
            for (String body : BAD_BODIES) {
                TestGateway.Answer answer = gateway.call(route.method(), route.path(), body, route.headers());
                assertEnvelope4xxOrSuccess(route + " with " + body, answer);
            }
            for (String type : List.of("text/plain", "application/xml", "")) {
                assertEnvelope4xxOrSuccess(route + " as " + type, send(route, "{}", type));
            }
        }
        // /devices/token has its rate limit: a few representative bodies only
        for (String body : List.of("not json", "[]", "{}", "{\"device_id\":[],\"device_secret\":false}")) {
            assertEnvelope4xxOrSuccess("token with " + body, gateway.call("POST", "/devices/token", body, Map.of()));
        }
    }

    @Test
    void oversizedBodiesAre413() {
        String huge = "{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
        for (String path : List.of("/admin/api-keys", "/devices", "/chats/15550000000/messages", "/webhooks")) {
            TestGateway.Answer answer = gateway.call("POST", path, huge, Map.of("X-Admin-Secret", gateway.adminSecret(),
                    "X-API-Key", apiKey, "Authorization", "Bearer " + token));
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.message()).isEqualTo("Request Entity Too Large");
        }
    }

    @Test
    void invalidJidsAndNumbersAre400() {
        for (String chat : List.of("abc", "0123456789", "12345", "1234567890123456789", "a%40b%40c",
                "user@Bad_Server", "%2B%2B12345678", "15550000000:abc@s.whatsapp.net")) {
            TestGateway.Answer answer = gateway.device(token, "POST", "/chats/" + chat + "/messages",
                    "{\"text\":\"hi\"}");
            assertThat(answer.status()).as(chat + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().path("status").asBoolean()).isFalse();
        }
        for (String phone : List.of("abc", "0812345678", "123", "+", "%20")) {
            TestGateway.Answer registered = gateway.device(token, "GET", "/devices/me/contacts/" + phone
                    + "/registered", null);
            assertThat(registered.status()).as(phone).isEqualTo(400);
            TestGateway.Answer code = gateway.device(token, "POST", "/devices/me/login-code",
                    "{\"phone\":\"" + phone.replace("%20", " ") + "\"}");
            assertThat(code.status()).as(phone).isEqualTo(400);
        }
        assertThat(gateway.device(token, "GET", "/chats/15550000000/messages?limit=abc", null).status()).isEqualTo(400);
        assertThat(gateway.device(token, "GET", "/chats/15550000000/messages?limit=0", null).status()).isEqualTo(400);
        assertThat(gateway.device(token, "GET", "/chats/15550000000/messages?limit=100000", null).status())
                .isEqualTo(400);
        assertThat(gateway.device(token, "GET", "/webhooks/-1", null).status()).isEqualTo(400);
        assertThat(gateway.device(token, "GET", "/webhooks/99999999999999999999", null).status()).isEqualTo(400);
        assertThat(gateway.admin("GET", "/admin/api-keys/1e3", null).status()).isEqualTo(400);
    }

    private static void assertEnvelope4xxOrSuccess(String what, TestGateway.Answer answer) {
        assertThat(answer.status()).as(what + " → " + answer.body()).isLessThan(500);
        assertThat(answer.json().has("status")).as(what).isTrue();
        assertThat(answer.json().path("code").asInt()).as(what).isEqualTo(answer.status());
    }

    private static TestGateway.Answer send(Route route, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + route.path()))
                .method(route.method(), HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        route.headers().forEach(request::header);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TestGateway.Answer(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> admin() {
        return Map.of("X-Admin-Secret", gateway.adminSecret());
    }

    private static Map<String, String> device() {
        return Map.of("Authorization", "Bearer " + token);
    }

    private record Route(String method, String path, Map<String, String> headers) {
    }
}
