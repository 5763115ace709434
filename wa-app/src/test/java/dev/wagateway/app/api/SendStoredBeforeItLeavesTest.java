package dev.wagateway.app.api;

import dev.wagateway.sandbox.ReceivedMessage;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send's pending row is committed while the message is encrypted, no longer before (issue #20, branch sat10):
 * still, the message leaves only once its row is durable, and a row the database refuses keeps the message from
 * leaving at all. Real sandbox phone, PostgreSQL and HTTP.
 */
class SendStoredBeforeItLeavesTest {

    private static final String SHOP = "15552130001";
    private static final String CUSTOMER = "15552130000";
    private static final String REFUSED = "refused by the database";

    @Test
    void aMessageWhosePendingRowIsRefusedNeverLeavesAndTheSendSaysWhy() {
        try (TestGateway gateway = startWithoutTypingOrPresence()) {
            String shop = shopThatSentBefore(gateway);
            gateway.application().database().jdbi().useHandle(h -> h.execute("alter table wa_messages add constraint"
                    + " sat10_refused check (text is distinct from '" + REFUSED + "')"));

            TestGateway.Answer refused = gateway.sendText(shop, CUSTOMER, REFUSED);
            assertThat(refused.status()).as(refused.body()).isEqualTo(500);
            assertThat(refused.body()).as("nothing left, so the outcome is known").doesNotContain("may still be");

            assertThat(gateway.sendText(shop, CUSTOMER, "after").status()).isEqualTo(200);
            // the device's messages reach the phone in the order they left: once "after" is there, a refused
            // message that had left would be there too
            await(() -> texts(gateway).contains("after"), "the send after the refused one");
            assertThat(texts(gateway)).containsExactly("before", "after");
            String stored = gateway.device(shop, "GET", "/chats/" + CUSTOMER + "@s.whatsapp.net/messages", null)
                    .json().path("data").toString();
            assertThat(stored).contains("\"before\"", "\"after\"").doesNotContain(REFUSED);
        }
    }

    /**
     * The test holds a lock that keeps every insert into the message table waiting: the send encrypts, but waits
     * for its row before its stanza is written; once the lock goes, it leaves and is answered.
     */
    @Test
    void aMessageLeavesOnlyOnceItsPendingRowIsCommitted() {
        try (TestGateway gateway = startWithoutTypingOrPresence()) {
            String shop = shopThatSentBefore(gateway);
            CompletableFuture<HttpResponse<String>> answer;
            try (Handle lock = gateway.application().database().jdbi().open()) {
                lock.begin();
                try {
                    lock.execute("lock table wa_messages in share mode");
                    answer = HttpClient.newHttpClient().sendAsync(gateway.sendTextRequest(shop, CUSTOMER, "held"),
                            HttpResponse.BodyHandlers.ofString());
                    await(() -> insertsWaitingForALock(gateway) > 0, "the pending row's insert waiting for the lock");
                    assertThat(answer).as("answered only after its row is durable").isNotDone();
                    assertThat(texts(gateway)).as("not left before its row is durable").containsExactly("before");
                } finally {
                    lock.rollback();
                }
            }
            assertThat(answer.join().statusCode()).isEqualTo(200);
            await(() -> texts(gateway).contains("held"), "the held send, once its row is committed");
            assertThat(texts(gateway)).containsExactly("before", "held");
        }
    }

    /** Without typing or presence, a send's only stanza is its message. */
    private static TestGateway startWithoutTypingOrPresence() {
        return TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"));
    }

    /**
     * Pairs the shop, makes the customer's phone and sends it "before", which arrives and is stored delivered; returns
     * the shop's token. The phone's delivery receipt is the last write of that send: written while a test holds its
     * lock on the message table, it would wait there ahead of the next send's row.
     */
    private static String shopThatSentBefore(TestGateway gateway) {
        String shop = gateway.pairedDevice(SHOP);
        gateway.phone(CUSTOMER);
        TestGateway.Answer sent = gateway.sendText(shop, CUSTOMER, "before");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String id = sent.json().path("data").path("message_id").asText();
        await(() -> texts(gateway).contains("before"), "the first send");
        await(() -> gateway.messageStatus(shop, CUSTOMER, id).equals("delivered"), "the first send's receipt");
        return shop;
    }

    private static java.util.List<String> texts(TestGateway gateway) {
        return gateway.sandbox().phoneMessages(CUSTOMER).stream().map(ReceivedMessage::text).toList();
    }

    private static int insertsWaitingForALock(TestGateway gateway) {
        return gateway.application().database().jdbi().withHandle(h -> h.createQuery("""
                select count(*) from pg_stat_activity
                where wait_event_type = 'Lock' and query ilike '%insert into wa_messages%'""")
                .mapTo(Integer.class).one());
    }
}
