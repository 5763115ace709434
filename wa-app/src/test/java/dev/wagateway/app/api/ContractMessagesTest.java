package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages of api.md §2.2 and the route rows, word for word: parse errors, missing fields, phone syntax, ids,
 * and the session rows (no client, not logged in, not connected, never paired) on send, read receipts, login,
 * reconnect and logout.
 */
class ContractMessagesTest {

    private static final String PHONE = "15550707070";
    private static final String FRIEND = "15550808080";

    private static TestGateway gateway;
    private static String apiKey;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        apiKey = gateway.createApiKey(20);
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + PHONE + "\",\"name\":\"Contract\"}");
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private record Case(String method, String path, String body, int status, String message) {
    }

    @Test
    void parseAndFieldMessagesAreTheContractsWords() {
        String token = gateway.createDevice(apiKey, "words").path("token").asText();
        long keyId = gateway.admin("GET", "/admin/api-keys", null).json().path("data").get(0).path("id").asLong();
        List<Case> device = List.of(
                new Case("POST", "/chats/" + FRIEND + "/messages", "not json", 400, "Failed parse body request"),
                new Case("POST", "/chats/" + FRIEND + "/messages", "{}", 400, "text is required"),
                new Case("POST", "/chats/" + FRIEND + "/messages", "{\"text\":\" \\n \"}", 400, "text is required"),
                new Case("POST", "/chats/%20/messages", "{\"text\":\"hi\"}", 400, "chat_jid is required"),
                new Case("POST", "/devices/me/login-code", "not json", 400, "Failed parse body request"),
                new Case("POST", "/devices/me/login-code", "{}", 400, "Phone is required"),
                new Case("POST", "/devices/me/login-code", "{\"phone\":\"  \"}", 400, "Phone is required"),
                new Case("POST", "/devices/me/login-code", "{\"phone\":\"+\"}", 400, "phone number cannot be empty"),
                new Case("POST", "/devices/me/login-code", "{\"phone\":\"0812345678\"}", 400,
                        "phone number must be in international format without leading 0"),
                new Case("POST", "/devices/me/login-code", "{\"phone\":\"12345\"}", 400,
                        "phone number must be digits only and at least 6 characters"),
                new Case("POST", "/devices/me/login-code", "{\"phone\":\"62-812\"}", 400,
                        "phone number must be digits only and at least 6 characters"),
                new Case("GET", "/devices/me/contacts/+/registered", null, 400, "phone number cannot be empty"),
                new Case("GET", "/devices/me/contacts/0812345678/registered", null, 400,
                        "phone number must be in international format without leading 0"),
                new Case("GET", "/devices/me/contacts/abc/registered", null, 400,
                        "phone number must be digits only and at least 6 characters"),
                new Case("POST", "/messages/3EB0X/read", "{}", 400, "chat_jid and sender_jid are required"),
                new Case("POST", "/messages/3EB0X/read", "not json", 400, "chat_jid and sender_jid are required"),
                new Case("POST", "/webhooks", "not json", 400, "invalid request body"),
                new Case("POST", "/webhooks", "{}", 400, "url is required"),
                new Case("PATCH", "/webhooks/1", "[1]", 400, "invalid request body"),
                new Case("GET", "/webhooks/abc", null, 400, "invalid webhook_id"),
                new Case("GET", "/webhooks/99999", null, 404, "webhook not found"),
                new Case("PUT", "/devices/me", null, 405, "Method Not Allowed"));
        for (Case c : device) {
            assertWords(c, gateway.device(token, c.method(), c.path(), c.body()));
        }
        List<Case> admin = List.of(
                new Case("POST", "/admin/api-keys", "nope", 400, "Invalid request body"),
                new Case("POST", "/admin/api-keys", "{}", 400, "customer_name is required"),
                new Case("PATCH", "/admin/api-keys/" + keyId, "nope", 400, "Invalid request body"),
                new Case("GET", "/admin/api-keys/abc", null, 400, "Invalid API key ID"),
                new Case("DELETE", "/admin/api-keys/x1", null, 400, "Invalid API key ID"),
                new Case("GET", "/admin/api-keys/99999", null, 404, "API key not found"),
                new Case("GET", "/admin/api-keys/99999/devices", null, 404, "API key not found"),
                new Case("DELETE", "/admin/devices/not-a-uuid", null, 404, "Device not found"),
                new Case("DELETE", "/admin/devices/00000000-0000-0000-0000-000000000000", null, 404,
                        "Device not found"));
        for (Case c : admin) {
            assertWords(c, gateway.admin(c.method(), c.path(), c.body()));
        }
        List<Case> open = List.of(
                new Case("POST", "/devices/token", "not json", 400, "Invalid request body"),
                new Case("POST", "/devices/token", "{}", 400, "device_id and device_secret are required"),
                new Case("POST", "/devices/token", "{\"device_id\":\"x\",\"device_secret\":\"y\"}", 401,
                        "Invalid device credentials"),
                new Case("GET", "/no/such/thing", null, 404, "Cannot GET /no/such/thing"),
                new Case("GET", "/devices/me", null, 401, "Missing Authorization header"),
                new Case("GET", "/admin/stats", null, 401, "Missing X-Admin-Secret header"),
                new Case("POST", "/devices", "{}", 401, "Missing X-API-Key header"));
        for (Case c : open) {
            assertWords(c, gateway.call(c.method(), c.path(), c.body(), Map.of()));
        }
    }

    @Test
    void theSessionRowsOnSendReadLoginReconnectAndLogout() {
        JsonNode created = gateway.createDevice(apiKey, "session rows");
        String token = created.path("token").asText();
        String send = "/chats/" + FRIEND + "/messages";
        String text = "{\"text\":\"hello\"}";
        String read = "{\"chat_jid\":\"" + FRIEND + "\",\"sender_jid\":\"" + FRIEND + "\"}";

        // no client in memory
        String noClient = "WhatsApp Client is not Valid";
        assertSession(gateway.device(token, "POST", send, text), noClient);
        assertSession(gateway.device(token, "POST", "/messages/3EB0X/read", read), noClient);
        assertSession(gateway.device(token, "POST", "/devices/me/reconnect", null), noClient);
        assertSession(gateway.device(token, "DELETE", "/devices/me/session", null), noClient);
        assertThat(status(token).path("error").asText()).isEqualTo(noClient);
        // a number check is "not registered", not an error, without a session (row 22)
        assertThat(gateway.device(token, "GET", "/devices/me/contacts/" + FRIEND + "/registered", null).json()
                .path("data").path("IsRegistered").asBoolean()).isFalse();

        // the login creates the client: it never answers "not Valid"; now connected, waiting for a scan
        TestGateway.Answer login = gateway.device(token, "POST", "/devices/me/login?output=json", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.message()).isEqualTo("Success Generate QR Code");
        String notLoggedIn = "WhatsApp Client is not Logged In";
        assertThat(status(token).path("error").asText()).isEqualTo(notLoggedIn);
        assertThat(status(token).path("client_loaded").asBoolean()).isTrue();
        assertThat(status(token).path("is_connected").asBoolean()).isTrue();
        assertSession(gateway.device(token, "POST", send, text), notLoggedIn);
        assertSession(gateway.device(token, "POST", "/messages/3EB0X/read", read), notLoggedIn);
        String neverPaired = "WhatsApp Client Store ID is Empty, Please Re-Login and Scan QR Code Again";
        assertSession(gateway.device(token, "POST", "/devices/me/reconnect", null), neverPaired);
        assertSession(gateway.device(token, "DELETE", "/devices/me/session", null), neverPaired);

        // paired: a send works
        gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link",
                "{\"qr\":\"" + login.json().path("data").path("qr").asText() + "\"}");
        gateway.awaitPaired(token);
        assertThat(gateway.device(token, "POST", send, text).status()).isEqualTo(200);
        // a switch that is neither true,1,yes,on nor false,0,no,off counts as not set (api.md §1), in a form or JSON
        assertThat(gateway.multipart("POST", send, Map.of("text", "form", "typing_simulation", "maybe",
                "presence_simulation", "OFF"), Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(200);
        assertThat(gateway.device(token, "POST", send, "{\"text\":\"json\",\"typing_simulation\":\"maybe\"}")
                .status()).isEqualTo(200);

        // another connection took the session over: the client stays, not connected
        String jid = gateway.device(token, "GET", "/devices/me", null).json().path("data").path("whatsmeow_jid")
                .asText();
        assertThat(gateway.admin("POST", "/sandbox/faults", "{\"type\":\"stream_error\",\"device\":\"" + jid
                + "\",\"code\":\"conflict\"}").status()).isEqualTo(200);
        String notConnected = "WhatsApp Client is not Connected";
        await(() -> status(token).path("error").asText().equals(notConnected), "the device to be disconnected");
        assertThat(status(token).path("client_loaded").asBoolean()).isTrue();
        assertThat(status(token).path("is_connected").asBoolean()).isFalse();
        assertSession(gateway.device(token, "POST", send, text), notConnected);

        // the reconnect answers once the device is logged in again, not while it is still connecting
        TestGateway.Answer reconnect = gateway.device(token, "POST", "/devices/me/reconnect", null);
        assertThat(reconnect.status()).as(reconnect.body()).isEqualTo(200);
        assertThat(reconnect.message()).isEqualTo("Success reconnect device");
        assertThat(status(token).path("connected").asBoolean()).isTrue();
        assertThat(gateway.device(token, "POST", send, text).status()).isEqualTo(200);

        // logged out: the client is gone
        TestGateway.Answer logout = gateway.device(token, "DELETE", "/devices/me/session", null);
        assertThat(logout.message()).isEqualTo("Success logout device");
        assertThat(gateway.device(token, "GET", "/devices/me", null).json().path("data").path("status").asText())
                .isEqualTo("logged_out");
        assertSession(gateway.device(token, "POST", send, text), noClient);
        assertSession(gateway.device(token, "DELETE", "/devices/me/session", null), noClient);
    }

    private static JsonNode status(String token) {
        return gateway.device(token, "GET", "/devices/me/status", null).json().path("data");
    }

    private static void assertSession(TestGateway.Answer answer, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(500);
        assertThat(answer.message()).isEqualTo(message);
        assertThat(answer.json().path("error").asText()).isEqualTo(message);
        assertThat(answer.json().path("status").asBoolean()).isFalse();
    }

    private static void assertWords(Case c, TestGateway.Answer answer) {
        String what = c.method() + " " + c.path() + " with " + c.body();
        assertThat(answer.status()).as(what + " → " + answer.body()).isEqualTo(c.status());
        assertThat(answer.message()).as(what).isEqualTo(c.message());
        assertThat(answer.json().path("error").asText()).as(what).isEqualTo(c.message());
        assertThat(answer.json().path("code").asInt()).as(what).isEqualTo(c.status());
        assertThat(answer.json().path("status").asBoolean()).as(what).isFalse();
    }
}
