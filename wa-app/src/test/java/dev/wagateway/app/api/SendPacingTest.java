package dev.wagateway.app.api;

import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-device send queue and token bucket (api.md §4.7, issue 22): a burst of REST sends leaves the device in
 * the order the gateway took them in, at the configured pace as the recipient's phone sees it, none lost; a full
 * queue answers 429 with {@code Retry-After}. The rate is faster than a real account's so the test takes seconds:
 * what is checked is the spacing and the order, never how fast our code runs.
 */
class SendPacingTest {

    private static final String SHOP = "15552010101";
    private static final String CUSTOMER = "15552020202";
    private static final int SENDS = 100;
    private static final int PER_MINUTE = 600;
    private static final int BURST = 5;
    private static final long INTERVAL_MS = 60_000 / PER_MINUTE;
    /** Room for one message's way from the bucket to the phone (encryption, two sockets, decryption). */
    private static final long TRANSIT_SLACK_MS = 2 * INTERVAL_MS;

    @Test
    void aBurstOfSendsLeavesInOrderAtTheConfiguredPaceNoneLost() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_RATE_LIMIT_ENABLED", "true",
                "WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE", Integer.toString(PER_MINUTE),
                "WHATSAPP_RATE_LIMIT_BURST_SIZE", Integer.toString(BURST), "WHATSAPP_SEND_QUEUE_MAX", "200",
                "WHATSAPP_AUTO_TYPING_ENABLED", "false", "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            String shop = gateway.pairedDevice(SHOP);
            gateway.phone(CUSTOMER);
            // the first send opens the Signal session; the burst below measures sends only
            assertThat(gateway.sendText(shop, CUSTOMER, "warm-up").status()).isEqualTo(200);
            long before = gateway.sendQueue(shop).path("accepted").asLong();

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                answers.add(http.sendAsync(gateway.sendTextRequest(shop, CUSTOMER, text(i)), HttpResponse.BodyHandlers.ofString()));
                // the next request only once this one holds its place: the order they were taken in is known
                long taken = before + i + 1;
                awaitQuickly(() -> gateway.sendQueue(shop).path("accepted").asLong() >= taken);
            }
            int deepest = 0;
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.join();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                ids.add(new TestGateway.Answer(200, response.body(), response).json().path("data")
                        .path("message_id").asText());
            }
            assertThat(gateway.sendQueue(shop).path("depth").asInt()).isZero();

            await(() -> received(gateway).size() == SENDS, "the phone to receive every send");
            List<ReceivedMessage> received = received(gateway);
            assertThat(received).extracting(ReceivedMessage::text)
                    .as("in the order the gateway took them in").containsExactlyElementsOf(texts());
            assertThat(received).extracting(ReceivedMessage::id).containsExactlyElementsOf(ids);

            Map<String, Long> arrivals = gateway.sandbox().phoneArrivals(CUSTOMER);
            long[] at = ids.stream().mapToLong(arrivals::get).toArray();
            // a bucket of BURST tokens refilled every INTERVAL lets at most BURST + t/INTERVAL sends out in any t:
            // n sends need at least (n - BURST) intervals between the first and the last
            for (int first = 0; first < SENDS; first++) {
                for (int last = first + 2 * BURST; last < SENDS; last++) {
                    long least = (last - first + 1 - BURST) * INTERVAL_MS - TRANSIT_SLACK_MS;
                    assertThat(at[last] - at[first]).as("sends %d to %d at the phone", first, last)
                            .isGreaterThanOrEqualTo(least);
                }
            }
        }
    }

    @Test
    void aFullQueueIsRefusedWith429AndRetryAfter() {
        // one token every 5 s and room for one send: the second waits for its token, a third finds no room
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_RATE_LIMIT_ENABLED", "true",
                "WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE", "12", "WHATSAPP_RATE_LIMIT_BURST_SIZE", "1",
                "WHATSAPP_SEND_QUEUE_MAX", "1", "WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            String shop = gateway.pairedDevice(SHOP);
            gateway.phone(CUSTOMER);
            assertThat(gateway.sendText(shop, CUSTOMER, "first").status()).isEqualTo(200);

            CompletableFuture<HttpResponse<String>> waiting = HttpClient.newHttpClient()
                    .sendAsync(gateway.sendTextRequest(shop, CUSTOMER, "second"), HttpResponse.BodyHandlers.ofString());
            awaitQuickly(() -> gateway.sendQueue(shop).path("depth").asInt() == 1);
            TestGateway.Answer refused = gateway.sendText(shop, CUSTOMER, "third");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.message()).startsWith("Too many requests");
            assertThat(refused.response().headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
            assertThat(waiting.join().statusCode()).as("the queued send still goes out").isEqualTo(200);
            await(() -> received(gateway).size() == 2, "the two accepted sends");
            assertThat(received(gateway)).extracting(ReceivedMessage::text).containsExactly("first", "second");
        }
    }

    private static List<ReceivedMessage> received(TestGateway gateway) {
        return gateway.sandbox().phoneMessages(CUSTOMER).stream()
                .filter(message -> !message.text().equals("warm-up")).toList();
    }

    private static String text(int i) {
        return "m-%03d".formatted(i);
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            texts.add(text(i));
        }
        return texts;
    }

    /** Polls without the 100 ms nap of {@code await}: the queue must not drain between two requests. */
    private static void awaitQuickly(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the queue");
            }
            Thread.onSpinWait();
        }
    }
}
