package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.http.RegisteredRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built route that reads input gets garbage: unparsable JSON, JSON of the wrong shape, wrong field types,
 * missing fields, oversized bodies (declared and chunked), broken multipart, over-long and NUL strings, invalid
 * JIDs, numbers, ids and cursors. Each answer is a 4xx in the envelope; never a 5xx.
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

    /**
     * Every route the server registered as built, each path parameter good and bad, each kind of bad input: below
     * 500 and in the envelope, every time. The device-scoped routes act for a paired, connected device, so the
     * contract's "no session" 500s cannot hide an input the route let through; the login routes act for an
     * unpaired one.
     */
    @Test
    void everyBuiltRouteSurvivesEveryKindOfBadInput() {
        String phone = "15550505050";
        String friend = "15550606060";
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + phone + "\",\"name\":\"Sweep\"}");
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + friend + "\",\"name\":\"Friend\"}");
        String sweepKey = gateway.createApiKey(1000);
        long sweepKeyId = gateway.admin("GET", "/admin/api-keys", null).json().path("data").get(0).path("id").asLong();
        String paired = gateway.createDevice(sweepKey, "paired").path("token").asText();
        String unpaired = gateway.createDevice(sweepKey, "unpaired").path("token").asText();
        String qr = gateway.device(paired, "POST", "/devices/me/login?output=json", null).json().path("data")
                .path("qr").asText();
        gateway.admin("POST", "/sandbox/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}");
        ReadmeFlowTest.await(() -> gateway.device(paired, "GET", "/devices/me/status", null).json().path("data")
                .path("connected").asBoolean(), "the sweep's device to connect");
        long hook = gateway.device(paired, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/sweep\"}").json()
                .path("data").path("webhook_id").asLong();
        String group = "120363999999999999@g.us";
        Map<String, String> good = Map.ofEntries(Map.entry("id", String.valueOf(sweepKeyId)),
                Map.entry("webhook_id", String.valueOf(hook)), Map.entry("delivery_id", "1"),
                Map.entry("device_id", "00000000-0000-0000-0000-000000000000"), Map.entry("phone", friend),
                Map.entry("chat_jid", friend), Map.entry("message_id", "3EB0SWEEP"), Map.entry("file", "index.html"),
                Map.entry("poll_id", "3EB0POLL"),
                Map.entry("group_jid", group), Map.entry("parent_group_jid", group), Map.entry("community_jid", group),
                Map.entry("jid", group), Map.entry("invite_code", "NoSuchCode1"),
                Map.entry("user_jid", friend + "@s.whatsapp.net"), Map.entry("name", "regular_low"),
                Map.entry("action", "archive"));

        List<RegisteredRoute> built = gateway.application().httpServer().routes().stream()
                .filter(RegisteredRoute::implemented)
                .filter(route -> !route.key().equals("DELETE /devices/me/session")) // called last, once
                // a stream that stays open by design; its bad input is EventStreamTest's
                .filter(route -> !route.key().equals("GET /events"))
                .toList();
        assertThat(built).hasSizeGreaterThan(40);
        int requests = 0;
        for (RegisteredRoute route : built) {
            String token = route.spec().path().startsWith("/devices/me/login") ? unpaired : paired;
            Map<String, String> headers = Map.of("X-Admin-Secret", gateway.adminSecret(), "X-API-Key", sweepKey,
                    "Authorization", "Bearer " + token);
            for (String path : pathVariants(route, good)) {
                for (BadInput input : BAD_INPUTS) {
                    assertSurvives(route, path, input, headers);
                    requests++;
                }
                assertSurvives(route, path + "?limit=abc&before=" + "b".repeat(200) + "&output=" + "o".repeat(40)
                        + "&ticket=zz", BAD_INPUTS.getFirst(), headers);
                assertSurvives(route, path + "?after=%00", BAD_INPUTS.getFirst(), headers);
                requests += 2;
            }
        }
        // the logout works once whatever came with it (a second one is the contract's "no session" 500)
        TestGateway.Answer logout = send("DELETE", "/devices/me/session", BAD_INPUTS.get(5), Map.of("Authorization",
                "Bearer " + paired));
        assertThat(logout.status()).as(logout.body()).isEqualTo(200);
        assertThat(requests).isGreaterThan(1000);
    }

    private static void assertSurvives(RegisteredRoute route, String path, BadInput input,
                                       Map<String, String> headers) {
        TestGateway.Answer answer = send(route.spec().method(), path, input, headers);
        String what = route.key() + " as " + path + " with " + input.name();
        assertThat(answer.status()).as(what + " → " + answer.body()).isLessThan(500);
        String type = answer.response().headers().firstValue("Content-Type").orElse("");
        // the Prometheus text of /metrics is not JSON by design; its refusals are
        boolean metricsText = route.key().equals("GET /metrics") && answer.status() < 400
                && type.startsWith("text/plain");
        boolean documentOrPage = route.spec().path().startsWith("/docs") || route.key().equals("GET /favicon.ico")
                || type.startsWith("text/html") || metricsText;
        if (!documentOrPage || !type.startsWith("text/html") && !metricsText && answer.status() >= 400) {
            assertThat(type).as(what).startsWith("application/json");
            JsonNode envelope = answer.json();
            assertThat(envelope.path("status").isBoolean()).as(what).isTrue();
            assertThat(envelope.path("code").asInt()).as(what).isEqualTo(answer.status());
            if (answer.status() >= 400) {
                assertThat(envelope.path("error").asText()).as(what).isEqualTo(envelope.path("message").asText())
                        .isNotBlank();
            }
        }
    }

    /** The route's path with every parameter good (not for deletions), then with each kind of bad value. */
    private static List<String> pathVariants(RegisteredRoute route, Map<String, String> good) {
        String template = route.spec().path();
        if (!template.contains("{")) {
            return List.of(template);
        }
        List<String> variants = new ArrayList<>();
        if (!route.spec().method().equals("DELETE")) {
            String path = template;
            for (Map.Entry<String, String> parameter : good.entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            variants.add(path);
        }
        for (String bad : List.of("abc", "0", "-1", "9".repeat(300), "a%40b%40c", "%2B%2B1", "%20")) {
            variants.add(template.replaceAll("\\{[a-z_]+}", bad));
        }
        return variants;
    }

    /** One kind of bad input: a body (sent with a declared length, or chunked) of some content type. */
    private record BadInput(String name, String contentType, byte[] body, boolean chunked) {
    }

    private static final List<String> FIELDS = List.of("text", "url", "customer_name", "customer_email",
            "customer_phone", "device_name", "device_id", "device_secret", "phone", "output", "chat_jid", "sender_jid",
            "typing_simulation", "presence_simulation", "name", "qr", "code", "to", "type", "device");

    private static final List<BadInput> BAD_INPUTS = badInputs();

    private static List<BadInput> badInputs() {
        List<BadInput> inputs = new ArrayList<>();
        inputs.add(json("unparsable JSON", "not json"));
        inputs.add(json("a JSON array", "[1,2]"));
        inputs.add(json("an empty object", "{}"));
        inputs.add(json("wrong types", BAD_BODIES.get(9)));
        StringBuilder nul = new StringBuilder("{\"events\":[\"a\\u0000\"]");
        StringBuilder overlong = new StringBuilder("{\"events\":[\"" + "e".repeat(300) + "\"]");
        StringBuilder form = new StringBuilder("events=%00");
        for (String field : FIELDS) {
            nul.append(",\"").append(field).append("\":\"1555\\u00000000\"");
            overlong.append(",\"").append(field).append("\":\"").append("9".repeat(3000)).append('"');
            form.append('&').append(field).append("=1555%000000");
        }
        inputs.add(json("NUL in every field", nul.append('}').toString()));
        inputs.add(json("every field over-long", overlong.append('}').toString()));
        inputs.add(new BadInput("NUL in a form", "application/x-www-form-urlencoded", bytes(form.toString()), false));
        inputs.add(new BadInput("NUL in multipart", "multipart/form-data; boundary=sw33p",
                bytes(multipart("1555\u00000000")), false));
        inputs.add(new BadInput("over-long multipart", "multipart/form-data; boundary=sw33p",
                bytes(multipart("9".repeat(3000))), false));
        inputs.add(new BadInput("multipart without a boundary", "multipart/form-data",
                bytes(multipart("x")), false));
        inputs.add(new BadInput("a text body", "text/plain", bytes("{}"), false));
        inputs.add(new BadInput("a small chunked body", "application/json", bytes("{}"), true));
        inputs.add(new BadInput("an oversized chunked body", "application/json",
                bytes("{\"text\":\"" + "x".repeat(100 * 1024) + "\"}"), true));
        inputs.add(new BadInput("an oversized body", "application/json",
                bytes("{\"text\":\"" + "x".repeat(100 * 1024) + "\"}"), false));
        return inputs;
    }

    private static BadInput json(String name, String body) {
        return new BadInput(name, "application/json", bytes(body), false);
    }

    private static String multipart(String value) {
        StringBuilder body = new StringBuilder();
        for (String field : FIELDS) {
            body.append("--sw33p\r\nContent-Disposition: form-data; name=\"").append(field).append("\"\r\n\r\n")
                    .append(value).append("\r\n");
        }
        return body.append("--sw33p--\r\n").toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static TestGateway.Answer send(String method, String path, BadInput input, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, input.chunked()
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(input.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(input.body()))
                .header("Content-Type", input.contentType());
        headers.forEach(request::header);
        return exchange(request.build());
    }

    @Test
    void chunkedBodiesAreHeldToTheLimitToo() {
        // no Content-Length: the limit is enforced while reading (a 9 MB body once reached the handlers)
        byte[] nineMegabytes = ("{\"customer_name\":\"" + "x".repeat(9 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/devices/token", "/admin/api-keys", "/devices", "/webhooks")) {
            TestGateway.Answer answer = chunked("POST", path, nineMegabytes, "application/json", Map.of(
                    "X-Admin-Secret", gateway.adminSecret(), "X-API-Key", apiKey, "Authorization", "Bearer " + token));
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.message()).isEqualTo("Request Entity Too Large");
            assertThat(answer.json().path("error").asText()).isEqualTo("Request Entity Too Large");
        }
        // a chunked body within the limit is read as any other
        TestGateway.Answer small = chunked("POST", "/admin/api-keys",
                "{\"customer_name\":\"Chunked Ltd\"}".getBytes(StandardCharsets.UTF_8), "application/json", admin());
        assertThat(small.status()).as(small.body()).isEqualTo(201);
        assertThat(small.json().path("data").path("customer_name").asText()).isEqualTo("Chunked Ltd");
    }

    @Test
    void jettysOwnRefusalsUseTheEnvelope() {
        // java.net.URI refuses to build these, so they go out over a plain socket
        for (String path : List.of("/chats/%ZZ/messages", "/admin/api-keys/%",
                "/chats/1555%000000/messages")) {
            String answer = rawHttp("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
            assertThat(answer.toLowerCase(Locale.ROOT)).as(path).contains("content-type: application/json");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(body).as(path).startsWith("{\"status\":false,\"code\":400,\"message\":\"Bad Request")
                    .doesNotContain("<");
        }
    }

    @Test
    void malformedMultipartIsTheRoutesParseError() {
        String part = "--b0undary\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--b0undary--\r\n";
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=other",
                "multipart/form-data; boundary=\"unterminated")) {
            TestGateway.Answer send = raw("POST", "/chats/15550000000/messages", part, type, device());
            assertThat(send.status()).as(type + " → " + send.body()).isEqualTo(400);
            assertThat(send.message()).isEqualTo("Failed parse body request");
            TestGateway.Answer key = raw("POST", "/admin/api-keys", part, type, admin());
            assertThat(key.status()).as(type).isEqualTo(400);
            assertThat(key.message()).isEqualTo("Invalid request body");
        }
        // a well-formed one is read
        TestGateway.Answer named = raw("POST", "/admin/api-keys",
                "--b0undary\r\nContent-Disposition: form-data; name=\"customer_name\"\r\n\r\nMultipart Ltd\r\n"
                        + "--b0undary--\r\n", "multipart/form-data; boundary=b0undary", admin());
        assertThat(named.status()).as(named.body()).isEqualTo(201);
        assertThat(named.json().path("data").path("customer_name").asText()).isEqualTo("Multipart Ltd");
    }

    @Test
    void overlongAndNulStringsAre400NamingTheField() {
        Map<String, Integer> keyLimits = Map.of("customer_name", 255, "customer_email", 255, "customer_phone", 50);
        keyLimits.forEach((field, limit) -> {
            String body = "{\"customer_name\":\"ok\",\"" + field + "\":\"" + "x".repeat(limit + 1) + "\"}";
            TestGateway.Answer created = gateway.admin("POST", "/admin/api-keys", body);
            assertThat(created.status()).as(field).isEqualTo(400);
            assertThat(created.message()).isEqualTo(field + " must be at most " + limit + " characters");
            assertThat(gateway.admin("PATCH", "/admin/api-keys/" + keyId, body).message())
                    .isEqualTo(field + " must be at most " + limit + " characters");
            // exactly at the limit is stored
            String fits = "{\"customer_name\":\"ok\",\"" + field + "\":\"" + "é".repeat(limit) + "\"}";
            assertThat(gateway.admin("PATCH", "/admin/api-keys/" + keyId, fits).status()).as(field).isEqualTo(200);
        });
        TestGateway.Answer device = gateway.call("POST", "/devices", "{\"device_name\":\"" + "d".repeat(256) + "\"}",
                Map.of("X-API-Key", apiKey));
        assertThat(device.status()).isEqualTo(400);
        assertThat(device.message()).isEqualTo("device_name must be at most 255 characters");

        Map<String, String> nul = Map.of(
                "POST /admin/api-keys", "{\"customer_name\":\"a\\u0000b\"}",
                "PATCH /admin/api-keys/" + keyId, "{\"customer_email\":\"a\\u0000b\"}",
                "POST /devices", "{\"device_name\":\"a\\u0000b\"}",
                "POST /webhooks", "{\"url\":\"http://127.0.0.1:9/\\u0000\"}",
                "PATCH /webhooks/" + webhookId, "{\"url\":\"http://127.0.0.1:9/\",\"events\":[\"a\\u0000\"]}",
                "POST /devices/me/login-code", "{\"phone\":\"1555\\u00000000\"}",
                "POST /messages/ABC/read", "{\"chat_jid\":\"1555\\u0000\",\"sender_jid\":\"15550000000\"}");
        nul.forEach((route, body) -> {
            String[] parts = route.split(" ", 2);
            TestGateway.Answer answer = gateway.call(parts[0], parts[1], body, Map.of("X-Admin-Secret",
                    gateway.adminSecret(), "X-API-Key", apiKey, "Authorization", "Bearer " + token));
            assertThat(answer.status()).as(route + " → " + answer.body()).isEqualTo(400);
            assertThat(answer.message()).as(route).endsWith("must not contain NUL characters");
        });
        for (String path : List.of("/chats/15550000000/messages?before=%00", "/chats/15550000000/messages?after=a%00",
                "/webhooks?x=%00")) {
            TestGateway.Answer answer = gateway.device(token, "GET", path, null);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.message()).isEqualTo("the URL must not contain NUL (%00) characters");
        }
        TestGateway.Answer longCursor = gateway.device(token, "GET", "/chats/15550000000/messages?before="
                + "c".repeat(129), null);
        assertThat(longCursor.message()).isEqualTo("before must be at most 128 characters");
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
        // numbers no row can have are not found; what is not a number is refused (api.md §2.2)
        assertThat(gateway.device(token, "GET", "/webhooks/-1", null).message()).isEqualTo("webhook not found");
        assertThat(gateway.device(token, "GET", "/webhooks/99999999999999999999", null).status()).isEqualTo(404);
        assertThat(gateway.device(token, "DELETE", "/webhooks/0", null).status()).isEqualTo(200); // idempotent
        assertThat(gateway.device(token, "GET", "/webhooks/1.5", null).message()).isEqualTo("invalid webhook_id");
        assertThat(gateway.admin("GET", "/admin/api-keys/1e3", null).message()).isEqualTo("Invalid API key ID");
        assertThat(gateway.admin("GET", "/admin/api-keys/0", null).message()).isEqualTo("API key not found");
        assertThat(gateway.admin("DELETE", "/admin/api-keys/-7", null).status()).isEqualTo(404);
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

    /** A request whose body goes out chunked (no Content-Length), as a streaming client sends it. */
    private static TestGateway.Answer chunked(String method, String path, byte[] body, String contentType,
                                              Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Content-Type", contentType);
        headers.forEach(request::header);
        return exchange(request.build());
    }

    private static TestGateway.Answer raw(String method, String path, String body, String contentType,
                                          Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        headers.forEach(request::header);
        return exchange(request.build());
    }

    /** The raw answer (status line, headers, body) to a request written as is. */
    private static String rawHttp(String request) {
        try (Socket socket = new Socket("127.0.0.1", gateway.application().httpPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestGateway.Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
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
