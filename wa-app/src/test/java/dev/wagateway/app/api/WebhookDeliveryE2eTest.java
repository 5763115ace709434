package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the REST API in sandbox mode: a sandbox phone sends a text, the webhook receiver gets
 * {@code message.received} with the text, signed with the webhook's secret (both schemes, checked from their
 * specifications), and the delivery log shows it delivered; connection events carry the contract's keys; the test
 * endpoint reaches its webhook only; with delivery switched off real events queue nothing.
 */
class WebhookDeliveryE2eTest {

    private static final String PHONE = "15550808080";
    private static final String FRIEND = "15550909090";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Delivery(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    @Test
    void aReceivedTextReachesTheWebhookSignedAndIsLogged() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(deliveries);
        try (TestGateway gateway = TestGateway.start()) {
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + PHONE + "\",\"name\":\"Shop\"}");
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
            String token = gateway.createDevice(gateway.createApiKey(1), "hooked").path("token").asText();
            JsonNode created = gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\",\"events\":[\"message.received\"]}").json()
                    .path("data");
            String secret = created.path("secret").asText();
            long webhookId = created.path("webhook_id").asLong();

            String qr = gateway.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                    .path("qr").asText();
            gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link", "{\"qr\":\"" + qr + "\"}");
            await(() -> gateway.device(token, "GET", "/devices/me/status", null).json().path("data")
                    .path("connected").asBoolean(), "login");
            gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                    "{\"to\":\"" + PHONE + "\",\"text\":\"where is my order?\"}");

            await(() -> !deliveries.isEmpty(), "the webhook delivery");
            Delivery delivery = deliveries.getFirst();
            JsonNode event = new ObjectMapper().readTree(delivery.body());
            assertThat(event.path("event_type").asText()).isEqualTo("message.received");
            assertThat(event.path("data").path("text").asText()).isEqualTo("where is my order?");
            assertThat(event.path("data").path("from").asText()).isEqualTo(FRIEND + "@s.whatsapp.net");
            assertThat(event.path("data").path("jid").asText()).isEqualTo(PHONE);
            // the original's header: "sha256=" + hex HMAC-SHA256 of the raw body, key = the secret's ASCII bytes
            byte[] key = secret.getBytes(StandardCharsets.US_ASCII);
            String hex = "sha256=" + HexFormat.of().formatHex(hmac(key, delivery.body()));
            assertThat(delivery.header("X-Webhook-Signature")).isEqualTo(hex);
            assertThat(delivery.header("X-Hub-Signature-256")).isEqualTo(hex);
            // Standard Webhooks v1, checked from the specification: base64 HMAC-SHA256 over "id.timestamp.body",
            // the header a space-separated list of "v1,<signature>"; a timestamp near now
            String id = delivery.header("webhook-id");
            String timestamp = delivery.header("webhook-timestamp");
            assertThat(id).isNotBlank();
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.write((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            signed.write(delivery.body());
            String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, signed.toByteArray()));
            assertThat(delivery.header("webhook-signature").split(" ")).anySatisfy(signature ->
                    assertThat(MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                            expected.getBytes(StandardCharsets.US_ASCII))).isTrue());

            await(() -> "success".equals(gateway.device(token, "GET", "/webhooks/" + webhookId + "/logs", null)
                    .json().path("data").path("logs").path(0).path("Status").asText()), "the log to say success");
            JsonNode log = gateway.device(token, "GET", "/webhooks/" + webhookId + "/logs", null).json()
                    .path("data").path("logs").get(0);
            assertThat(log.path("AttemptCount").asInt()).isEqualTo(1);
            assertThat(log.path("event_id").asText()).isEqualTo(delivery.header("webhook-id"));
            assertThat(gateway.admin("GET", "/admin/webhooks/stats", null).json().path("data")
                    .path("success_deliveries").asLong()).isEqualTo(1);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void connectionEventsCarryTheContractsKeys() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(deliveries);
        try (TestGateway gateway = TestGateway.start()) {
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + PHONE + "\",\"name\":\"Shop\"}");
            String token = gateway.createDevice(gateway.createApiKey(1), "watched").path("token").asText();
            gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"events\":[\"connection.connected\",\"connection.disconnected\","
                    + "\"connection.logged_out\"]}");
            String qr = gateway.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                    .path("qr").asText();
            gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link", "{\"qr\":\"" + qr + "\"}");

            JsonNode connected = awaitEvent(deliveries, "connection.connected", 1);
            assertThat(fieldNames(connected)).containsExactly("jid", "phone_number", "push_name", "platform",
                    "business_name", "is_logged_in", "is_connected");
            assertThat(connected.path("jid").asText()).isEqualTo(PHONE);
            assertThat(connected.path("phone_number").asText()).isEqualTo(PHONE);
            assertThat(connected.path("platform").asText()).isEqualTo("android"); // what the phone said at pairing
            assertThat(connected.path("business_name").asText()).isEmpty();
            // the first login after pairing comes before the phone's app-state key share; the event waits for the
            // push name the phone keeps there (setting_pushName)
            assertThat(connected.path("push_name").asText()).isEqualTo("Shop");

            // the connection drops and comes back: a disconnection that is no refused login says only who
            String device = gateway.sandbox().devices(PHONE).getFirst().jid();
            gateway.sandbox().dropConnection(device);
            JsonNode disconnected = awaitEvent(deliveries, "connection.disconnected", 1);
            assertThat(fieldNames(disconnected)).containsExactly("jid");
            assertThat(disconnected.path("jid").asText()).isEqualTo(PHONE);
            awaitEvent(deliveries, "connection.connected", 2);

            // the phone unlinks the device: logged out, with the number it had
            gateway.sandbox().streamError(device, "401");
            JsonNode loggedOut = awaitEvent(deliveries, "connection.logged_out", 1);
            assertThat(fieldNames(loggedOut)).containsExactly("jid");
            assertThat(loggedOut.path("jid").asText()).isEqualTo(PHONE);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theTestEndpointReachesOnlyTheChosenWebhook() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(deliveries);
        try (TestGateway gateway = TestGateway.start()) {
            String token = gateway.createDevice(gateway.createApiKey(1), "pinged").path("token").asText();
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            // the chosen one is switched off and its filter does not admit test.ping: it is pinged all the same
            long chosen = gateway.device(token, "POST", "/webhooks", "{\"url\":\"" + base
                    + "/chosen\",\"events\":[\"message.received\"]}").json().path("data").path("webhook_id").asLong();
            gateway.device(token, "PATCH", "/webhooks/" + chosen, "{\"url\":\"" + base
                    + "/chosen\",\"events\":[\"message.received\"],\"active\":false}");
            List<Long> others = List.of(
                    webhook(gateway, token, "{\"url\":\"" + base + "/all-events\"}"),
                    webhook(gateway, token, "{\"url\":\"" + base + "/pings\",\"events\":[\"test.ping\"]}"));

            assertThat(gateway.device(token, "POST", "/webhooks/" + chosen + "/test", null).message())
                    .isEqualTo("test webhook dispatched");
            await(() -> "success".equals(logs(gateway, token, chosen).path(0).path("Status").asText()), "the ping");
            assertThat(deliveries).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("/chosen");
                assertThat(d.header("X-Webhook-Event")).isEqualTo("test.ping");
            });
            // the device's other active webhooks, one of them unfiltered and one asking for test.ping, got nothing:
            // no row was even queued for them
            for (long other : others) {
                assertThat(logs(gateway, token, other).size()).as("webhook " + other).isZero();
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void withWebhooksDisabledRealEventsQueueNothingButTheResourcesStillWork() {
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOKS_ENABLED", "false"))) {
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + PHONE + "\",\"name\":\"Shop\"}");
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
            String token = gateway.createDevice(gateway.createApiKey(1), "quiet").path("token").asText();
            long id = webhook(gateway, token, "{\"url\":\"http://127.0.0.1:9/hook\"}");

            // real events: the login (connection.connected) and a message received from a phone
            String qr = gateway.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                    .path("qr").asText();
            gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link", "{\"qr\":\"" + qr + "\"}");
            await(() -> gateway.device(token, "GET", "/devices/me/status", null).json().path("data")
                    .path("connected").asBoolean(), "login");
            gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/messages",
                    "{\"to\":\"" + PHONE + "\",\"text\":\"anyone there?\"}");
            await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                    .path("messages").size() == 1, "the message to be stored");
            assertThat(gateway.device(token, "POST", "/webhooks/" + id + "/test", null).status()).isEqualTo(200);

            // the message was stored in the transaction that would have queued its event: nothing was queued
            assertThat(logs(gateway, token, id).size()).isZero();
            assertThat(gateway.admin("GET", "/admin/webhooks/stats", null).json().path("data")
                    .path("total_deliveries").asLong()).isZero();
            assertThat(gateway.device(token, "GET", "/webhooks", null).json().path("data").path("webhooks").size())
                    .isEqualTo(1);
        }
    }

    private static long webhook(TestGateway gateway, String token, String body) {
        return gateway.device(token, "POST", "/webhooks", body).json().path("data").path("webhook_id").asLong();
    }

    private static JsonNode logs(TestGateway gateway, String token, long webhook) {
        return gateway.device(token, "GET", "/webhooks/" + webhook + "/logs", null).json().path("data").path("logs");
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** A receiver on loopback that keeps every request and answers 204. */
    private static HttpServer receiver(List<Delivery> deliveries) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    /** The data of the {@code nth} delivery (from 1) of {@code type}, once it arrived. */
    private static JsonNode awaitEvent(List<Delivery> deliveries, String type, int nth) {
        await(() -> events(deliveries, type).size() >= nth, nth + " x " + type);
        return events(deliveries, type).get(nth - 1).path("data");
    }

    private static List<JsonNode> events(List<Delivery> deliveries, String type) {
        return deliveries.stream().map(d -> {
            try {
                return JSON.readTree(d.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(event -> event.path("event_type").asText().equals(type)).toList();
    }

    private static List<String> fieldNames(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
