package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /webhooks/{webhook_id}/logs/{delivery_id}/redeliver} through the REST API: a delivery that exhausted
 * its retries is redelivered and arrives; unknown ids and other devices' deliveries are 404; a delivery still
 * pending, or any while delivery is switched off, is 409 and nothing changes.
 */
class WebhookRedeliveryTest {

    private final AtomicBoolean receiverUp = new AtomicBoolean(false);
    private final CountDownLatch releaseHung = new CountDownLatch(1);
    private final List<String> webhookIds = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/flaky", exchange -> {
            exchange.getRequestBody().readAllBytes();
            webhookIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(receiverUp.get() ? 204 : 500, -1);
            exchange.close();
        });
        receiver.createContext("/hung", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                releaseHung.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        releaseHung.countDown();
        receiver.stop(0);
    }

    @Test
    void anExhaustedDeliveryIsRedeliveredAndOnlyItsOwnerCanDoIt() {
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOK_RETRY_LIMIT", "1"))) {
            String token = gateway.createDevice(gateway.createApiKey(1), "owner").path("token").asText();
            long webhook = webhook(gateway, token, "/flaky");
            gateway.device(token, "POST", "/webhooks/" + webhook + "/test", null);
            await(() -> "failed".equals(log(gateway, token, webhook).path("Status").asText()), "the delivery to fail");
            JsonNode failed = log(gateway, token, webhook);
            assertThat(failed.path("AttemptCount").asInt()).isEqualTo(1);
            assertThat(failed.path("LastError").asText()).startsWith("HTTP 500");
            long delivery = failed.path("ID").asLong();

            receiverUp.set(true);
            TestGateway.Answer redelivered = gateway.device(token, "POST", redeliver(webhook, delivery), null);
            assertThat(redelivered.status()).isEqualTo(200);
            assertThat(redelivered.message()).isEqualTo("delivery queued for redelivery");
            await(() -> "success".equals(log(gateway, token, webhook).path("Status").asText()), "the redelivery");
            assertThat(log(gateway, token, webhook).path("AttemptCount").asInt()).isEqualTo(1);
            assertThat(log(gateway, token, webhook).path("ID").asLong()).isEqualTo(delivery); // the same row
            assertThat(webhookIds).hasSize(2).containsOnly(failed.path("event_id").asText());

            // unknown ids, and the same ids asked by another device, are simply not found
            assertNotFound(gateway.device(token, "POST", redeliver(webhook, 999_999_999L), null),
                    "delivery not found");
            long otherWebhookOfTheOwner = webhook(gateway, token, "/other");
            assertNotFound(gateway.device(token, "POST", redeliver(otherWebhookOfTheOwner, delivery), null),
                    "delivery not found");
            String stranger = gateway.createDevice(gateway.createApiKey(1), "stranger").path("token").asText();
            assertNotFound(gateway.device(stranger, "POST", redeliver(webhook, delivery), null), "webhook not found");
            assertThat(webhookIds).hasSize(2);
            assertThat(gateway.device(token, "POST", "/webhooks/" + webhook + "/logs/abc/redeliver", null).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void aDeliveryStillPendingIsAConflictAndStaysAsItIs() {
        try (TestGateway gateway = TestGateway.start()) {
            String token = gateway.createDevice(gateway.createApiKey(1), "waiting").path("token").asText();
            long webhook = webhook(gateway, token, "/hung");
            gateway.device(token, "POST", "/webhooks/" + webhook + "/test", null);
            await(() -> log(gateway, token, webhook).has("ID"), "the delivery to be queued");
            JsonNode pending = log(gateway, token, webhook);
            assertThat(pending.path("Status").asText()).isEqualTo("pending");

            TestGateway.Answer conflict = gateway.device(token, "POST", redeliver(webhook, pending.path("ID").asLong()),
                    null);
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.json().path("status").asBoolean()).isFalse();
            assertThat(conflict.message()).contains("still pending");
            releaseHung.countDown();
            await(() -> "success".equals(log(gateway, token, webhook).path("Status").asText()), "the delivery");
            assertThat(log(gateway, token, webhook).path("AttemptCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void withDeliveryDisabledARedeliveryIsRefusedAndChangesNothing(@TempDir Path dir) {
        String token;
        long webhook;
        long delivery;
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOK_RETRY_LIMIT", "1"), dir)) {
            token = gateway.createDevice(gateway.createApiKey(1), "paused").path("token").asText();
            webhook = webhook(gateway, token, "/flaky");
            gateway.device(token, "POST", "/webhooks/" + webhook + "/test", null);
            await(() -> "failed".equals(log(gateway, token, webhook).path("Status").asText()), "the delivery to fail");
            delivery = log(gateway, token, webhook).path("ID").asLong();
        }
        receiverUp.set(true);
        try (TestGateway gateway = TestGateway.start(Map.of("WEBHOOKS_ENABLED", "false"), dir)) {
            TestGateway.Answer refused = gateway.device(token, "POST", redeliver(webhook, delivery), null);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).isEqualTo("webhook delivery is disabled (WEBHOOKS_ENABLED=false)");
            JsonNode unchanged = log(gateway, token, webhook);
            assertThat(unchanged.path("Status").asText()).isEqualTo("failed");
            assertThat(unchanged.path("AttemptCount").asInt()).isEqualTo(1);
            assertThat(webhookIds).hasSize(1);
        }
    }

    private long webhook(TestGateway gateway, String token, String path) {
        return gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress()
                .getPort() + path + "\"}").json().path("data").path("webhook_id").asLong();
    }

    private static JsonNode log(TestGateway gateway, String token, long webhook) {
        return gateway.device(token, "GET", "/webhooks/" + webhook + "/logs", null).json().path("data").path("logs")
                .path(0);
    }

    private static String redeliver(long webhook, long delivery) {
        return "/webhooks/" + webhook + "/logs/" + delivery + "/redeliver";
    }

    private static void assertNotFound(TestGateway.Answer answer, String message) {
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("code").asInt()).isEqualTo(404);
        assertThat(answer.message()).isEqualTo(message);
    }
}
