package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.sandbox.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway under more sends than it takes at once (issue #20, 1,000 devices): past
 * {@code WHATSAPP_SEND_MAX_IN_FLIGHT} sends in progress across all devices, one more is refused at once with a 503
 * envelope and {@code Retry-After}, nothing of it stored, sent or asked of WhatsApp; every send accepted arrives exactly once, and the
 * gateway answers as before once the load is gone. Real sandbox phones, PostgreSQL and HTTP; no timing asserted.
 */
class SendOverloadTest {

    private static final String CUSTOMER = "15552120000";
    private static final List<String> SHOPS = List.of("15552110001", "15552110002", "15552110003");

    /**
     * Pacing holds sends in their lines (one token every 15 s, burst 1): two devices' waiting sends fill a cap of
     * two, so a third device's send, whose own line is empty, meets the gateway's cap — deterministically.
     */
    @Test
    void aSendOverTheGatewayCapIsRefusedWith503AndNothingOfItIsStoredOrSent() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_SEND_MAX_IN_FLIGHT", "2",
                "WHATSAPP_RATE_LIMIT_ENABLED", "true", "WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE", "4",
                "WHATSAPP_RATE_LIMIT_BURST_SIZE", "1", "WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            List<String> shops = SHOPS.stream().map(gateway::pairedDevice).toList();
            gateway.phone(CUSTOMER);
            assertThat(gateway.sendText(shops.get(2), CUSTOMER, "first").status()).isEqualTo(200);
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (String shop : shops.subList(0, 2)) {
                // the device's one token; its next send waits in its line for the next, 15 s on
                assertThat(gateway.sendText(shop, CUSTOMER, "first").status()).isEqualTo(200);
                waiting.add(http.sendAsync(gateway.sendTextRequest(shop, CUSTOMER, "waiting"), HttpResponse.BodyHandlers.ofString()));
                awaitQuickly(() -> gateway.sendQueue(shop).path("depth").asInt() == 1);
            }

            List<String> checked = shops.subList(0, 3).stream().map(shop -> registrationChecks(gateway, shop))
                    .map(String::valueOf).toList();
            assertThat(checked).as("the sends admitted were checked (R1)").doesNotContain("0");
            TestGateway.Answer refused = gateway.sendText(shops.get(2), CUSTOMER, "refused");
            TestGateway.Answer alsoRefused = gateway.sendText(shops.get(0), CUSTOMER, "refused too");
            assertThat(shops.subList(0, 3).stream().map(shop -> registrationChecks(gateway, shop))
                    .map(String::valueOf).toList())
                    .as("a refused send asked WhatsApp nothing: R1's usync IQ comes after the cap's place")
                    .isEqualTo(checked);

            for (TestGateway.Answer answer : List.of(refused, alsoRefused)) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                JsonNode envelope = answer.json();
                assertThat(envelope.path("status").asBoolean(true)).isFalse();
                assertThat(envelope.path("code").asInt()).isEqualTo(503);
                assertThat(answer.message()).startsWith("Service Unavailable");
                assertThat(envelope.path("error").asText()).isEqualTo(answer.message());
                assertThat(answer.response().headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
            }
            assertThat(gateway.sendQueue(shops.get(2)).path("accepted").asLong())
                    .as("a refused send never took a place in its device's line").isEqualTo(1);
            for (CompletableFuture<HttpResponse<String>> answer : waiting) {
                assertThat(answer.join().statusCode()).as("the sends admitted still go out").isEqualTo(200);
            }

            TestGateway.Answer after = gateway.sendText(shops.get(2), CUSTOMER, "after");
            assertThat(after.status()).as("the gateway answers once the load is gone: " + after.body())
                    .isEqualTo(200);
            await(() -> received(gateway).size() == 6, "the six sends admitted");
            assertThat(received(gateway)).extracting(ReceivedMessage::text).as("each admitted send once, no other")
                    .containsExactlyInAnyOrder("first", "first", "first", "waiting", "waiting", "after");
            JsonNode stored = gateway.device(shops.get(2), "GET", "/chats/" + CUSTOMER + "@s.whatsapp.net/messages",
                    null).json().path("data");
            assertThat(stored.toString()).contains("\"first\"", "\"after\"").doesNotContain("\"refused\"");
        }
    }

    /**
     * Many more sends at once than the cap, from several devices without pacing: each answer is a 200 or a clean
     * 503, every 200 arrives exactly once, no refused send arrives, and the gateway answers afterwards.
     */
    @Test
    void aBurstOverTheCapIsAnsweredCleanlyAndEveryAcceptedSendArrivesOnce() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_SEND_MAX_IN_FLIGHT", "2",
                "WHATSAPP_AUTO_TYPING_ENABLED", "false", "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            List<String> shops = SHOPS.stream().map(gateway::pairedDevice).toList();
            gateway.phone(CUSTOMER);
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String text = "burst-" + i;
                texts.add(text);
                answers.add(http.sendAsync(gateway.sendTextRequest(shops.get(i % shops.size()), CUSTOMER, text),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> acceptedIds = new HashSet<>();
            Set<String> acceptedTexts = new HashSet<>();
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> answer = answers.get(i).join();
                TestGateway.Answer parsed = new TestGateway.Answer(answer.statusCode(), answer.body(), answer);
                assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
                if (answer.statusCode() == 200) {
                    acceptedIds.add(parsed.json().path("data").path("message_id").asText());
                    acceptedTexts.add(texts.get(i));
                } else {
                    assertThat(parsed.message()).startsWith("Service Unavailable");
                    assertThat(answer.headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
                }
            }
            assertThat(gateway.sendText(shops.get(0), CUSTOMER, "after").status()).isEqualTo(200);

            await(() -> received(gateway).size() >= acceptedIds.size() + 1, "every accepted send");
            List<ReceivedMessage> received = received(gateway);
            assertThat(received).extracting(ReceivedMessage::text).as("the accepted sends, once each, no refused one")
                    .containsExactlyInAnyOrderElementsOf(concat(acceptedTexts, "after"));
            assertThat(received).extracting(ReceivedMessage::id).containsAll(acceptedIds);
        }
    }

    /**
     * A send that spent longer than {@code WHATSAPP_SEND_MAX_WAIT} in the gateway before going out is given up: 503,
     * stored failed, nothing at the phone. A wait of one nanosecond makes every send overdue (its pending row alone
     * is a database commit) without timing anything.
     */
    @Test
    void aSendOverdueWhenItWouldGoOutIsGivenUpStoredFailedAndNeverSent() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_SEND_MAX_WAIT", "1ns",
                "WHATSAPP_AUTO_TYPING_ENABLED", "false", "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            String shop = gateway.pairedDevice(SHOPS.get(0));
            gateway.phone(CUSTOMER);

            TestGateway.Answer overdue = gateway.sendText(shop, CUSTOMER, "overdue");

            assertThat(overdue.status()).as(overdue.body()).isEqualTo(503);
            assertThat(overdue.message()).startsWith("Service Unavailable").contains("nothing was sent");
            assertThat(overdue.response().headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
            JsonNode stored = gateway.device(shop, "GET", "/chats/" + CUSTOMER + "@s.whatsapp.net/messages", null)
                    .json().path("data");
            assertThat(stored.toString()).contains("\"overdue\"", "\"failed\"");
            assertThat(gateway.device(shop, "GET", "/devices/me/status", null).status()).isEqualTo(200);
            // given up before it was handed to the device: nothing can send it later
            assertThat(received(gateway)).extracting(ReceivedMessage::text).doesNotContain("overdue");
        }
    }

    private static List<String> concat(Set<String> texts, String last) {
        List<String> all = new ArrayList<>(texts);
        all.add(last);
        return all;
    }

    /** The "is on WhatsApp" usync queries the device sent the sandbox so far (R1's checks). */
    private static int registrationChecks(TestGateway gateway, String token) {
        String deviceJid = gateway.device(token, "GET", "/devices/me", null).json().path("data")
                .path("whatsmeow_jid").asText();
        return gateway.sandbox().contactQueries().asked(deviceJid).size();
    }

    private static List<ReceivedMessage> received(TestGateway gateway) {
        return gateway.sandbox().phoneMessages(CUSTOMER);
    }

    /** Polls without a nap: the waiting send must still wait when the next request comes. */
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
