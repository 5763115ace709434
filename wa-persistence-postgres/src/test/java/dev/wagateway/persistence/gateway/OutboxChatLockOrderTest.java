package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction that records events of several chats one call at a time (a group commit of receipts of many chats)
 * while a settlement of those chats' heads runs: the chats' locks of the outbox are taken by every writer in one
 * order, so neither is aborted as a deadlock (PostgreSQL's "deadlock detected" after a second's wait, which failed a
 * settlement batch or a whole group commit under load), and the chats' queues stay right.
 */
class OutboxChatLockOrderTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void aTransactionRecordingEventsOfSeveralChatsAndASettlementOfTheirHeadsNeverDeadlock() throws Exception {
        Webhook webhook = Fixtures.webhook(store);
        // one head per chat, claimed (in flight)
        store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "chat-a"), Fixtures.delivery(webhook, "chat-b")));
        Instant now = Instant.now();
        List<WebhookDelivery> heads = mine(webhook, store.deliveries().claimDue(now, 1000, 100, now.plusSeconds(60)));
        assertThat(heads).hasSize(2);
        NewDelivery nextOfB = Fixtures.delivery(webhook, "chat-b");
        NewDelivery nextOfA = Fixtures.delivery(webhook, "chat-a");

        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch settlementWaitingOrDone = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            // the publisher: chat b's event first, then chat a's (against the locks' order, a before b)
            Future<?> publisher = threads.submit(() -> store.unitOfWork().inTransaction(tx -> {
                tx.deliveries().enqueue(List.of(nextOfB));
                firstRecorded.countDown();
                await(settlementWaitingOrDone);
                tx.deliveries().enqueue(List.of(nextOfA));
                return null;
            }));
            await(firstRecorded);
            // the settlement of both heads locks chat a, then chat b
            CompletableFuture<Void> settled = CompletableFuture.runAsync(() -> store.deliveries().settleAll(
                    heads.stream().map(head -> Settlement.delivered(head.id(), 1, now)).toList()), threads);
            waitUntilDoneOrWaitingForALock(settled);
            settlementWaitingOrDone.countDown();

            publisher.get(); // threw "deadlock detected" when each enqueue took its chat's lock at once
            settled.get();
        }

        assertThat(heads).allSatisfy(head -> assertThat(store.deliveries().find(webhook.id(), head.id())
                .orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCESS));
        // each chat's new row is its head, claimable: not held behind a settled head
        Instant later = Instant.now();
        assertThat(mine(webhook, store.deliveries().claimDue(later, 1000, 100, later.plusSeconds(60))))
                .extracting(WebhookDelivery::eventId)
                .containsExactlyInAnyOrder(nextOfA.eventId(), nextOfB.eventId());
        for (WebhookDelivery left : store.deliveries().recent(webhook.id(), 10)) {
            if (left.status() == DeliveryStatus.PENDING) {
                store.deliveries().recordFailure(left.id(), 1, "test ended", Instant.now());
            }
        }
    }

    /**
     * Until the settlement has finished or waits for a lock (pg_stat_activity), so the publisher's second event
     * comes while the settlement holds what it could take. Not a measure of time: a bound on a hang only.
     */
    private static void waitUntilDoneOrWaitingForALock(CompletableFuture<Void> settlement) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!settlement.isDone()) {
            long waiting = TestDatabase.get().jdbi().withHandle(h -> h.createQuery("""
                            select count(*) from pg_stat_activity
                            where wait_event_type = 'Lock' and query like '%wa_settle_deliveries%'""")
                    .mapTo(Long.class).one());
            if (waiting > 0) {
                return;
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("the settlement neither finished nor waited for a lock");
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<WebhookDelivery> mine(Webhook webhook, List<WebhookDelivery> claimed) {
        return claimed.stream().filter(d -> d.webhookId() == webhook.id()).toList();
    }
}
