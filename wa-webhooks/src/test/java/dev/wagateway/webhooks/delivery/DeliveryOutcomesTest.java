package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookOutbox;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static dev.wagateway.webhooks.delivery.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each answer of a receiver is settled, against a real PostgreSQL outbox and a real HTTP receiver on loopback:
 * every retry class, one deadline per attempt across redirects, a failed delivery redelivered, an inactive webhook,
 * and signatures checked by an independent verifier.
 */
class DeliveryOutcomesTest extends DeliveryWorkersFixture {

    @Test
    void eachAnswerIsSettledAsSpecified() {
        receiver.on("/flaky", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200, Map.of(),
                nth == 1 ? "database down" : ""));
        receiver.on("/slow", (exchange, nth) -> {
            sleep(1500);
            Receiver.status(exchange, 200);
        });
        receiver.on("/busy", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 429 : 200,
                nth == 1 ? Map.of("Retry-After", "1") : Map.of(), "slow down"));
        receiver.on("/gone", (exchange, nth) -> Receiver.status(exchange, 410));
        receiver.on("/request-timeout", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 408 : 200, Map.of(),
                nth == 1 ? "request timeout" : ""));
        receiver.on("/bad", (exchange, nth) -> Receiver.status(exchange, 400, Map.of(), "no such hook"));
        receiver.on("/chatty", (exchange, nth) -> Receiver.status(exchange, 422, Map.of(), "x".repeat(5000)));
        Webhook flaky = webhook(receiver.url("/flaky"));
        Webhook slow = webhook(receiver.url("/slow"));
        Webhook busy = webhook(receiver.url("/busy"));
        Webhook gone = webhook(receiver.url("/gone"));
        Webhook bad = webhook(receiver.url("/bad"));
        Webhook chatty = webhook(receiver.url("/chatty"));
        Webhook refused = webhook("http://127.0.0.1:" + closedPort() + "/nobody");
        Webhook requestTimeout = webhook(receiver.url("/request-timeout"));
        List<Webhook> all = List.of(flaky, slow, busy, gone, bad, chatty, refused, requestTimeout);
        publish(RECEIVED, "");
        workers(3);

        await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle");
        // 5xx then 2xx: delivered on the second attempt
        assertThat(settled(flaky).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
            assertThat(d.lastError()).isEmpty();
        });
        // timeouts: retried until the limit, then failed
        assertThat(settled(slow).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
            assertThat(d.lastError().orElseThrow()).containsIgnoringCase("timeout");
        });
        // 429 with Retry-After: 1 s: the second attempt waits at least that long (the backoff alone is 50 ms)
        assertThat(settled(busy).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
        });
        List<Receiver.Received> busyCalls = receiver.received("/busy");
        assertThat(busyCalls.get(1).atMillis() - busyCalls.get(0).atMillis()).isGreaterThanOrEqualTo(900);
        // 408 is retried like a 5xx, although it is a 4xx
        assertThat(settled(requestTimeout).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
        });
        assertThat(receiver.received("/request-timeout")).hasSize(2);
        // 410: failed at once, and the webhook is switched off
        assertThat(settled(gone).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 410: ");
        });
        assertThat(store.webhooks().findById(gone.id()).orElseThrow().active()).isFalse();
        assertThat(receiver.received("/gone")).hasSize(1);
        // another 4xx: failed at once, the answer's start in last_error
        assertThat(settled(bad).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 400: no such hook");
        });
        assertThat(receiver.received("/bad")).hasSize(1);
        assertThat(settled(chatty).orElseThrow().lastError().orElseThrow())
                .isEqualTo("HTTP 422: " + "x".repeat(1024));
        // connection refused: retried until the limit, then failed
        assertThat(settled(refused).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
            assertThat(d.lastError().orElseThrow()).contains("ConnectException");
        });
    }

    @Test
    void oneAttemptEndsWithinItsTimeoutHoweverManyRedirectsItFollows() {
        // every hop answers a redirect after 200 ms; the attempt has 500 ms in all, not 500 ms per hop
        receiver.on("/hop", (exchange, nth) -> {
            sleep(200);
            Receiver.status(exchange, 307, Map.of("Location", "/hop"), "");
        });
        Webhook webhook = webhook(receiver.url("/hop"));
        publish(RECEIVED, "");
        workers(1);
        await(() -> settled(webhook).isPresent(), "the delivery to settle");
        assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError().orElseThrow()).containsIgnoringCase("timeout");
        });
        // with a timeout per hop, all 11 hops would have been made and the attempt refused for too many redirects
        assertThat(receiver.received("/hop")).hasSizeBetween(2, 3);
    }

    @Test
    void aFailedDeliveryStaysInTheLogAndCanBeRedelivered() {
        AtomicBoolean up = new AtomicBoolean(false);
        receiver.on("/later", (exchange, nth) -> Receiver.status(exchange, up.get() ? 200 : 503));
        Webhook webhook = webhook(receiver.url("/later"));
        publish(RECEIVED, "");
        workers(2);
        await(() -> settled(webhook).isPresent(), "the delivery to fail");
        WebhookDelivery failed = settled(webhook).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastError()).contains("HTTP 503: ");

        up.set(true);
        assertThat(store.deliveries().redeliver(webhook.id(), failed.id(), clock.instant())).isTrue();
        await(() -> settled(webhook).filter(d -> d.status() == DeliveryStatus.SUCCESS).isPresent(), "redelivery");
        assertThat(settled(webhook).orElseThrow().attemptCount()).isEqualTo(1);
        assertThat(receiver.received("/later").stream().map(r -> r.header("webhook-id")).distinct().toList())
                .containsExactly(failed.eventId().toString());
    }

    @Test
    void anInactiveWebhookGetsNothingButItsTestPing() {
        Webhook webhook = webhook(receiver.url("/off"));
        publish(RECEIVED, "");
        store.webhooks().setActive(webhook.id(), false, clock.instant());
        workers(3);
        await(() -> settled(webhook).isPresent(), "the delivery to settle");
        assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isZero();
            assertThat(d.lastError()).contains("webhook is inactive");
        });
        assertThat(receiver.received("/off")).isEmpty();

        new WebhookOutbox(true, DeliveryWakeup.NONE).recordTo(store.unitOfWork(),
                store.webhooks().findById(webhook.id()).orElseThrow(), new GatewayEvent(EventTypes.TEST_PING,
                        device.id(), clock.instant(), Map.of("message", "test webhook delivery"), ""));
        await(() -> receiver.received("/off").size() == 1, "the test ping");
        assertThat(receiver.received("/off").getFirst().header("X-Webhook-Event")).isEqualTo(EventTypes.TEST_PING);
    }

    @Test
    void signaturesVerifyWithAnIndependentImplementationOfBothSchemes() throws Exception {
        Webhook webhook = webhook(receiver.url("/signed"));
        publish(RECEIVED, "");
        workers(3);
        await(() -> receiver.received("/signed").size() == 1, "the delivery");
        Receiver.Received request = receiver.received("/signed").getFirst();
        WebhookDelivery delivery = store.deliveries().recent(webhook.id(), 1).getFirst();
        // The gateway signs with the secret's ASCII bytes; a Standard Webhooks library is given "whsec_" +
        // base64(those bytes), and base64-decodes the part after "whsec_": the same key.
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(webhook.secret().getBytes(StandardCharsets.US_ASCII));
        byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));

        // Standard Webhooks: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), versioned "v1,"
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).isEqualTo(delivery.eventId().toString());
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key,
                (id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(request.header("webhook-signature").split(" "))).anySatisfy(signature ->
                assertThat(MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                        expected.getBytes(StandardCharsets.US_ASCII))).isTrue());
        // the original's header: "sha256=" + lowercase hex(HMAC-SHA256(key, raw body))
        String hex = "sha256=" + HexFormat.of().formatHex(hmac(key, request.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Webhook-Signature")).isEqualTo(hex);
        assertThat(request.header("X-Hub-Signature-256")).isEqualTo(hex);
        assertThat(request.header("X-Webhook-Event")).isEqualTo(RECEIVED);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("WhatsApp-API-MultiSession/1.0");
        assertThat(request.body()).isEqualTo(delivery.payload()).contains("\"event_type\":\"message.received\"");
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
