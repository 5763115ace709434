package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "How to Use", steps 3–8, through the REST API in sandbox mode: create a key, create a device, log in
 * by QR (a sandbox phone scans it), send a text the phone receives, read the stored chat (both directions),
 * regenerate the token (the old one is refused), create a webhook.
 */
class ReadmeFlowTest {

    private static final String PHONE = "15550101010";
    private static final String FRIEND = "15550202020";

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void stepsThreeToEight() {
        // the gateway's own sandbox: one phone for our device's account, one friend to talk to
        assertThat(gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + PHONE + "\",\"name\":\"Acme\"}")
                .status()).isEqualTo(201);
        assertThat(gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}")
                .status()).isEqualTo(201);

        // 3. API key
        TestGateway.Answer key = gateway.admin("POST", "/admin/api-keys",
                "{\"customer_name\":\"Acme\",\"max_devices\":2}");
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.message()).isEqualTo("API key created successfully");
        String apiKey = key.json().path("data").path("api_key").asText();
        assertThat(apiKey).matches("wam_[0-9a-f]{28}");

        // 4. device
        TestGateway.Answer device = gateway.call("POST", "/devices", "{\"device_name\":\"Sales\"}",
                Map.of("X-API-Key", apiKey));
        assertThat(device.status()).isEqualTo(201);
        JsonNode created = device.json();
        String deviceId = created.path("data").path("device_id").asText();
        String secret = created.path("data").path("device_secret").asText();
        String token = created.path("data").path("token").asText();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(created.path("token").asText()).isEqualTo(token); // README-style top level
        assertThat(gateway.device(token, "GET", "/devices/me", null).json().path("data").path("status").asText())
                .isEqualTo("pending");

        // 5. QR login as the README sends it (curl -F "output=json": a multipart form), scanned by the sandbox phone
        TestGateway.Answer login = gateway.multipart("POST", "/devices/me/login", Map.of("output", "json"),
                Map.of("Authorization", "Bearer " + token));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode qr = login.json().path("data");
        assertThat(qr.path("QRCode").asText()).startsWith("data:image/png;base64,");
        assertThat(qr.path("Timeout").asInt()).isPositive();
        assertThat(qr.path("qr").asText()).startsWith("https://wa.me/settings/linked_devices#2@").endsWith(",1");
        assertThat(gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link",
                "{\"qr\":\"" + qr.path("qr").asText() + "\"}").status()).isLessThan(300);
        gateway.awaitPaired(token);
        JsonNode me = gateway.device(token, "GET", "/devices/me", null).json().path("data");
        assertThat(me.path("status").asText()).isEqualTo("active");
        assertThat(me.path("whatsmeow_jid").asText()).startsWith(PHONE + ":");

        JsonNode registered = gateway.device(token, "GET", "/devices/me/contacts/+" + FRIEND + "/registered", null)
                .json().path("data");
        assertThat(registered.path("IsRegistered").asBoolean()).isTrue();
        assertThat(registered.path("JID").asText()).isEqualTo(FRIEND + "@s.whatsapp.net");
        assertThat(gateway.device(token, "GET", "/devices/me/contacts/15559999999/registered", null).json()
                .path("data").path("IsRegistered").asBoolean()).isFalse();
        TestGateway.Answer unknown = gateway.device(token, "POST", "/chats/15559999999/messages", "{\"text\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.message()).isEqualTo("WhatsApp Personal ID is Not Registered");

        // 6. send a text; the friend's phone receives it
        TestGateway.Answer sent = gateway.device(token, "POST", "/chats/" + FRIEND + "/messages",
                "{\"text\":\"Hello from the gateway\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String messageId = sent.json().path("data").path("message_id").asText();
        assertThat(messageId).isNotBlank();
        await(() -> gateway.admin("GET", "/sandbox/phones/" + FRIEND + "/messages", null).body()
                .contains("Hello from the gateway"), "the friend's phone to receive the text");

        // the friend answers; the chat holds both, newest first
        gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                "{\"to\":\"" + PHONE + "\",\"text\":\"Hi back\"}");
        await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "%40s.whatsapp.net/messages", null).json()
                .path("data").path("messages").size() == 2, "the answer to be stored");
        JsonNode messages = gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json()
                .path("data").path("messages");
        assertThat(messages.get(0).path("text").asText()).isEqualTo("Hi back");
        assertThat(messages.get(0).path("is_from_me").asBoolean()).isFalse();
        assertThat(messages.get(1).path("message_id").asText()).isEqualTo(messageId);
        assertThat(messages.get(1).path("is_from_me").asBoolean()).isTrue();

        // 7. regenerate the token: the old one is refused at once
        TestGateway.Answer regenerated = gateway.call("POST", "/devices/token",
                "{\"device_id\":\"" + deviceId + "\",\"device_secret\":\"" + secret + "\"}", Map.of());
        assertThat(regenerated.status()).isEqualTo(200);
        String newToken = regenerated.json().path("data").path("token").asText();
        TestGateway.Answer old = gateway.device(token, "GET", "/devices/me", null);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.message()).isEqualTo("Token has been revoked. Please regenerate a new token.");
        assertThat(gateway.device(newToken, "GET", "/devices/me", null).status()).isEqualTo(200);

        // 8. a webhook
        TestGateway.Answer webhook = gateway.device(newToken, "POST", "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"message.received\"]}");
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
        assertThat(webhook.message()).isEqualTo("webhook created");
        assertThat(webhook.json().path("data").path("secret").asText()).matches("[0-9a-f]{64}");
        assertThat(gateway.device(newToken, "GET", "/webhooks", null).json().path("data").path("webhooks").size())
                .isEqualTo(1);

        // from now on, a received message is announced to it (the outbox row is written with the message)
        long webhookId = webhook.json().path("data").path("webhook_id").asLong();
        gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                "{\"to\":\"" + PHONE + "\",\"text\":\"Are you there?\"}");
        await(() -> gateway.device(newToken, "GET", "/webhooks/" + webhookId + "/logs", null).json().path("data")
                .path("logs").size() == 1, "the message.received delivery");
        JsonNode log = gateway.device(newToken, "GET", "/webhooks/" + webhookId + "/logs", null).json().path("data")
                .path("logs").get(0);
        assertThat(log.path("EventType").asText()).isEqualTo("message.received");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
