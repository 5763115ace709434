package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhooks, the outbox and the unit of work against a real PostgreSQL. */
class WebhookRepositoriesTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void activeWebhooksOfSeveralDevicesAreReadTogetherAsOneByOne() {
        Device first = Fixtures.storedDevice(store);
        Device second = Fixtures.storedDevice(store);
        Device none = Fixtures.storedDevice(store);
        Webhook a = store.webhooks().insertWithinLimit(first.id(), "https://a.example/h", "s1", List.of(),
                Fixtures.now(), 5).orElseThrow();
        Webhook b = store.webhooks().insertWithinLimit(first.id(), "https://b.example/h", "s2", List.of(),
                Fixtures.now(), 5).orElseThrow();
        Webhook off = store.webhooks().insertWithinLimit(second.id(), "https://c.example/h", "s3", List.of(),
                Fixtures.now(), 5).orElseThrow();
        Webhook c = store.webhooks().insertWithinLimit(second.id(), "https://d.example/h", "s4", List.of(),
                Fixtures.now(), 5).orElseThrow();
        assertThat(store.webhooks().setActive(off.id(), false, Fixtures.now())).isTrue();

        Map<UUID, List<Webhook>> together = store.webhooks().activeByDevices(Set.of(first.id(), second.id(), none.id()));

        assertThat(together).containsOnlyKeys(first.id(), second.id(), none.id());
        assertThat(together.get(first.id())).extracting(Webhook::id).containsExactly(a.id(), b.id());
        assertThat(together.get(second.id())).extracting(Webhook::id).containsExactly(c.id());
        assertThat(together.get(none.id())).isEmpty();
        for (Device device : List.of(first, second, none)) {
            assertThat(together.get(device.id())).isEqualTo(store.webhooks().activeByDevice(device.id()));
        }
    }

    @Test
    void webhooksAreScopedToTheirDeviceAndLimited() {
        Device device = Fixtures.storedDevice(store);
        Device other = Fixtures.storedDevice(store);
        Webhook all = store.webhooks().insertWithinLimit(device.id(), "https://a.example/h", "s1", List.of(),
                Fixtures.now(), 2).orElseThrow();
        Webhook some = store.webhooks().insertWithinLimit(device.id(), "https://b.example/h", "s2",
                List.of("message.received"), Fixtures.now(), 2).orElseThrow();
        assertThat(store.webhooks().insertWithinLimit(device.id(), "https://c.example/h", "s3", List.of(),
                Fixtures.now(), 2)).isEmpty();

        assertThat(all.events()).isEmpty();
        assertThat(some.events()).containsExactly("message.received");
        assertThat(store.webhooks().find(other.id(), all.id())).isEmpty();
        assertThat(store.webhooks().delete(other.id(), all.id())).isFalse();
        assertThat(store.webhooks().replace(device.id(), some.id(), "https://d.example/h",
                List.of("a", "b"), false, Fixtures.now())).isTrue();
        assertThat(store.webhooks().activeByDevice(device.id())).extracting(Webhook::id).containsExactly(all.id());
        assertThat(store.webhooks().find(device.id(), some.id()).orElseThrow().events()).containsExactly("a", "b");
    }

    @Test
    void claimsAreExclusiveUnderConcurrentWorkers() throws Exception {
        Webhook webhook = Fixtures.webhook(store);
        List<NewDelivery> added = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            added.add(Fixtures.delivery(webhook, ""));
        }
        store.deliveries().enqueue(added);
        Set<Long> claimed = Collections.synchronizedSet(new HashSet<>());
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            workers.add(() -> {
                int duplicates = 0;
                List<WebhookDelivery> batch;
                do {
                    batch = store.deliveries().claimDue(Instant.now(), 7, 1000, Instant.now().plusSeconds(600))
                            .stream().filter(d -> d.webhookId() == webhook.id()).toList();
                    for (WebhookDelivery delivery : batch) {
                        duplicates += claimed.add(delivery.id()) ? 0 : 1;
                    }
                } while (!batch.isEmpty());
                return duplicates;
            });
        }
        int duplicates = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> result : pool.invokeAll(workers)) {
                duplicates += result.get();
            }
        }
        assertThat(duplicates).isZero();
        assertThat(claimed).hasSize(200);
        settleLeftovers(webhook);
    }

    @Test
    void aWebhookNeverHasMoreLeasesThanItsCapAndTheOthersAreClaimedPastIt() {
        Webhook slow = Fixtures.webhook(store);
        Webhook fast = Fixtures.webhook(store);
        List<NewDelivery> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backlog.add(Fixtures.delivery(slow, ""));
        }
        store.deliveries().enqueue(backlog); // older than anything of the fast webhook
        store.deliveries().enqueue(List.of(Fixtures.delivery(fast, ""), Fixtures.delivery(fast, "")));
        Instant now = Instant.now();

        List<WebhookDelivery> first = store.deliveries().claimDue(now, 100, 3, now.plusSeconds(30));
        assertThat(mine(slow, first)).hasSize(3);
        assertThat(mine(fast, first)).hasSize(2);
        // the slow webhook's three leases are still running: nothing more of it, whoever claims
        assertThat(mine(slow, store.deliveries().claimDue(now, 100, 3, now.plusSeconds(30)))).isEmpty();
        // one settles: one slot of the slow webhook is free again
        store.deliveries().recordSuccess(mine(slow, first).getFirst().id(), 1, now);
        assertThat(mine(slow, store.deliveries().claimDue(now, 100, 3, now.plusSeconds(30)))).hasSize(1);
        // a retry scheduled for later frees its slot too, and is not due before its time
        store.deliveries().recordRetry(mine(slow, first).get(1).id(), 1, "HTTP 500", now.plusSeconds(60), now);
        assertThat(mine(slow, store.deliveries().claimDue(now, 100, 3, now.plusSeconds(30)))).hasSize(1);
        // leases of a worker that died lapse: their slots count no more once they expire
        Instant later = now.plusSeconds(31);
        assertThat(mine(slow, store.deliveries().claimDue(later, 100, 3, later.plusSeconds(30)))).hasSize(3);
        settleLeftovers(slow);
        settleLeftovers(fast);
    }

    @Test
    void concurrentClaimsRespectTheCapTogether() throws Exception {
        Webhook webhook = Fixtures.webhook(store);
        List<NewDelivery> added = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            added.add(Fixtures.delivery(webhook, ""));
        }
        store.deliveries().enqueue(added);
        Instant now = Instant.now();
        List<Callable<Integer>> claimers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            claimers.add(() -> mine(webhook, store.deliveries().claimDue(now, 10, 4, now.plusSeconds(600))).size());
        }
        int claimed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> result : pool.invokeAll(claimers)) {
                claimed += result.get();
            }
        }
        assertThat(claimed).isEqualTo(4);
        settleLeftovers(webhook);
    }

    @Test
    void aChatsDeliveriesGoOutInOrderAndALapsedClaimComesBack() {
        Webhook webhook = Fixtures.webhook(store);
        NewDelivery first = Fixtures.delivery(webhook, "chat-1");
        NewDelivery second = Fixtures.delivery(webhook, "chat-1");
        store.deliveries().enqueue(List.of(first, second));
        Instant now = Instant.now();

        List<WebhookDelivery> claim = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)));
        assertThat(claim).extracting(WebhookDelivery::eventId).containsExactly(first.eventId());
        assertThat(mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))).isEmpty();
        // the worker died: after the lease the same row is due again, still before the second
        Instant later = now.plusSeconds(31);
        WebhookDelivery again = mine(webhook, store.deliveries().claimDue(later, 10, 10, later.plusSeconds(30)))
                .getFirst();
        assertThat(again.eventId()).isEqualTo(first.eventId());

        store.deliveries().recordSuccess(again.id(), 1, later);
        assertThat(mine(webhook, store.deliveries().claimDue(later, 10, 10, later.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId).containsExactly(second.eventId());
    }

    @Test
    void eventsBehindARetryingHeadAreHeldOutOfTheClaimsUntilItSettles() {
        Webhook webhook = Fixtures.webhook(store);
        store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "chat-a")));
        Instant now = Instant.now();
        WebhookDelivery head = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))
                .getFirst();
        store.deliveries().recordRetry(head.id(), 1, "HTTP 500", now.plusSeconds(600), now);
        List<NewDelivery> behind = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            behind.add(Fixtures.delivery(webhook, "chat-a"));
        }
        store.deliveries().enqueue(behind);
        NewDelivery otherChat = Fixtures.delivery(webhook, "chat-b");
        store.deliveries().enqueue(List.of(otherChat));

        // only heads are claimable: the 2,000 rows behind the retrying head are held, outside the claim's index
        assertThat(heldRows(webhook)).isEqualTo(2000);
        assertThat(headsPerChat(webhook)).containsOnly(1L);
        List<WebhookDelivery> claimed = mine(webhook, store.deliveries().claimDue(now, 100, 100, now.plusSeconds(30)));
        assertThat(claimed).extracting(WebhookDelivery::eventId).containsExactly(otherChat.eventId());
        store.deliveries().recordSuccess(claimed.getFirst().id(), 1, now);

        // the head's retry is due and succeeds: the next row of its chat, and only that one, is claimable
        Instant later = now.plusSeconds(601);
        WebhookDelivery retried = mine(webhook, store.deliveries().claimDue(later, 1000, 100, later.plusSeconds(30)))
                .getFirst();
        assertThat(retried.id()).isEqualTo(head.id());
        store.deliveries().recordSuccess(retried.id(), 2, later);
        assertThat(mine(webhook, store.deliveries().claimDue(later, 1000, 100, later.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId).containsExactly(behind.getFirst().eventId());
        assertThat(heldRows(webhook)).isEqualTo(1999);
        settleLeftovers(webhook);
        assertThat(heldRows(webhook)).isZero();
    }

    @Test
    void oneBatchSettlesEachRowAsItsOwnSettlementWouldAndReleasesEachChatsNextRow() {
        Webhook webhook = Fixtures.webhook(store);
        List<NewDelivery> firsts = new ArrayList<>();
        List<NewDelivery> seconds = new ArrayList<>();
        for (String chat : List.of("chat-x", "chat-y", "chat-z")) {
            firsts.add(Fixtures.delivery(webhook, chat));
            seconds.add(Fixtures.delivery(webhook, chat));
        }
        NewDelivery unordered = Fixtures.delivery(webhook, "");
        store.deliveries().enqueue(firsts);
        store.deliveries().enqueue(seconds);
        store.deliveries().enqueue(List.of(unordered));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<UUID, WebhookDelivery> heads = new ConcurrentHashMap<>();
        mine(webhook, store.deliveries().claimDue(now, 100, 100, now.plusSeconds(30)))
                .forEach(d -> heads.put(d.eventId(), d));
        assertThat(heads).containsOnlyKeys(firsts.get(0).eventId(), firsts.get(1).eventId(),
                firsts.get(2).eventId(), unordered.eventId());
        long x = heads.get(firsts.get(0).eventId()).id();
        long y = heads.get(firsts.get(1).eventId()).id();
        long z = heads.get(firsts.get(2).eventId()).id();
        long loose = heads.get(unordered.eventId()).id();
        Instant at = now.plusMillis(5);

        store.deliveries().settleAll(List.of(
                Settlement.delivered(x, 1, at),
                Settlement.failed(y, 3, "HTTP 400", at),
                Settlement.retry(z, 1, "HTTP 503", now.plusSeconds(600), at),
                Settlement.delivered(loose, 1, at)));
        store.deliveries().settleAll(List.of(Settlement.failed(x, 7, "late", at.plusSeconds(1)))); // settled: kept

        WebhookDelivery settledX = store.deliveries().find(webhook.id(), x).orElseThrow();
        assertThat(settledX.status()).isEqualTo(DeliveryStatus.SUCCESS);
        assertThat(settledX.attemptCount()).isEqualTo(1);
        WebhookDelivery failedY = store.deliveries().find(webhook.id(), y).orElseThrow();
        assertThat(failedY.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failedY.lastError()).contains("HTTP 400");
        WebhookDelivery retriedZ = store.deliveries().find(webhook.id(), z).orElseThrow();
        assertThat(retriedZ.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retriedZ.nextAttemptAt()).isEqualTo(now.plusSeconds(600));
        assertThat(store.deliveries().find(webhook.id(), loose).orElseThrow().status())
                .isEqualTo(DeliveryStatus.SUCCESS);
        // the settled heads released their chats' next rows; the retrying head still holds its chat
        assertThat(mine(webhook, store.deliveries().claimDue(now, 100, 100, now.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId)
                .containsExactlyInAnyOrder(seconds.get(0).eventId(), seconds.get(1).eventId());
        assertThat(headsPerChat(webhook)).containsOnly(1L);
        settleLeftovers(webhook);
    }

    @Test
    void chatQueuesNeverStallWhileEventsArriveAsTheirHeadsSettle() throws Exception {
        Webhook webhook = Fixtures.webhook(store);
        int chats = 6;
        int perChat = 100;
        Map<String, List<Long>> deliveredByChat = new ConcurrentHashMap<>();
        AtomicInteger delivered = new AtomicInteger();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            String chat = "busy-chat-" + c;
            tasks.add(() -> {
                for (int i = 0; i < perChat; i++) {
                    store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, chat)));
                    // about the workers' pace, so a chat often has just its head: the moment a race would strand
                    // the next row behind a head settling at the same time
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000));
                }
                return null;
            });
        }
        for (int w = 0; w < 3; w++) {
            tasks.add(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (delivered.get() < chats * perChat && System.nanoTime() < deadline) {
                    Instant now = Instant.now();
                    for (WebhookDelivery d : mine(webhook, store.deliveries().claimDue(now, 4, 100,
                            now.plusSeconds(60)))) {
                        // noted before settling: only the settlement lets the chat's next row be claimed
                        deliveredByChat.computeIfAbsent(d.orderingKey(), k -> Collections.synchronizedList(
                                new ArrayList<>())).add(d.id());
                        store.deliveries().recordSuccess(d.id(), 1, now);
                        delivered.incrementAndGet();
                    }
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            for (Future<Object> result : pool.invokeAll(tasks)) {
                result.get();
            }
        }
        // a row held behind a head that settled concurrently would never be claimed: the workers would time out
        assertThat(heldRows(webhook)).isZero();
        assertThat(delivered.get()).isEqualTo(chats * perChat);
        assertThat(deliveredByChat).hasSize(chats);
        deliveredByChat.values().forEach(ids -> assertThat(ids).hasSize(perChat).isSorted());
    }

    @Test
    void anEventQueuedWhileItsChatsHeadSettlesIsNotStrandedBehindIt() throws Exception {
        Webhook webhook = Fixtures.webhook(store);
        store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "chat-x")));
        Instant now = Instant.now();
        WebhookDelivery head = mine(webhook, store.deliveries().claimDue(now, 1000, 100, now.plusSeconds(30)))
                .getFirst();
        NewDelivery next = Fixtures.delivery(webhook, "chat-x");
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            Future<?> enqueued = store.unitOfWork().inTransaction(tx -> {
                tx.deliveries().recordSuccess(head.id(), 1, now); // settled, but not committed yet
                Future<?> queued = other.submit(() -> store.deliveries().enqueue(List.of(next)));
                try {
                    // the other connection either waits for this commit (the chat's lock) or, without it, sees the
                    // head still pending and queues behind it
                    queued.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException waitingForTheLock) {
                    // expected
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                return queued;
            });
            enqueued.get();
        }
        assertThat(heldRows(webhook)).isZero();
        assertThat(mine(webhook, store.deliveries().claimDue(now, 1000, 100, now.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId).containsExactly(next.eventId());
        settleLeftovers(webhook);
    }

    @Test
    void retriesFailuresRedeliveryAndRetention() {
        Webhook webhook = Fixtures.webhook(store);
        store.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "")));
        Instant now = Instant.now();
        WebhookDelivery claimed = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))
                .getFirst();
        store.deliveries().recordRetry(claimed.id(), 1, "HTTP 500", now.plusSeconds(2), now);
        assertThat(mine(webhook, store.deliveries().claimDue(now.plusSeconds(1), 10, 10, now.plusSeconds(30))))
                .isEmpty();
        WebhookDelivery retried = mine(webhook, store.deliveries().claimDue(now.plusSeconds(3), 10, 10,
                now.plusSeconds(60))).getFirst();
        store.deliveries().recordFailure(retried.id(), 3, "HTTP 500", now.plusSeconds(3));

        WebhookDelivery failed = store.deliveries().find(webhook.id(), claimed.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attemptCount()).isEqualTo(3);
        assertThat(failed.lastError()).contains("HTTP 500");

        assertThat(store.deliveries().redeliver(webhook.id(), failed.id(), now.plusSeconds(4))).isTrue();
        assertThat(store.deliveries().find(webhook.id(), failed.id()).orElseThrow().status())
                .isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.deliveries().redeliver(webhook.id(), failed.id(), now.plusSeconds(4))).isFalse();

        WebhookDelivery done = mine(webhook, store.deliveries().claimDue(now.plusSeconds(5), 10, 10,
                now.plusSeconds(60))).getFirst();
        store.deliveries().recordSuccess(done.id(), 1, now.plusSeconds(5));
        assertThat(store.deliveries().recent(webhook.id(), 100)).hasSize(1);
        store.deliveries().deleteSettledBefore(Instant.now().plus(Duration.ofDays(1)));
        assertThat(store.deliveries().recent(webhook.id(), 100)).isEmpty();
    }

    @Test
    void aRedeliveredEventWaitsBehindItsChatsHeadAndThenGoesBeforeTheEventsQueuedAfterIt() {
        Webhook webhook = Fixtures.webhook(store);
        NewDelivery first = Fixtures.delivery(webhook, "chat-r");
        store.deliveries().enqueue(List.of(first));
        Instant now = Instant.now();
        WebhookDelivery failed = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))
                .getFirst();
        store.deliveries().recordFailure(failed.id(), 1, "HTTP 400", now);
        NewDelivery second = Fixtures.delivery(webhook, "chat-r");
        NewDelivery third = Fixtures.delivery(webhook, "chat-r");
        store.deliveries().enqueue(List.of(second));
        store.deliveries().enqueue(List.of(third));
        WebhookDelivery head = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))
                .getFirst();
        assertThat(head.eventId()).isEqualTo(second.eventId());

        // back in the queue behind the head in flight, although its id is the chat's oldest
        assertThat(store.deliveries().redeliver(webhook.id(), failed.id(), now)).isTrue();
        assertThat(heldRows(webhook)).isEqualTo(2);
        assertThat(headsPerChat(webhook)).containsOnly(1L);
        assertThat(mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))).isEmpty();

        // the head settles: the oldest held row is released, and only it
        store.deliveries().recordSuccess(head.id(), 1, now);
        assertThat(mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId).containsExactly(first.eventId());
        assertThat(heldRows(webhook)).isEqualTo(1);
        store.deliveries().recordSuccess(failed.id(), 1, now);
        assertThat(mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30))))
                .extracting(WebhookDelivery::eventId).containsExactly(third.eventId());
        settleLeftovers(webhook);
    }

    @Test
    void aFailedUnitOfWorkLeavesNeitherTheMessageNorItsDeliveries() {
        Webhook webhook = Fixtures.webhook(store);
        StoredMessage message = new StoredMessage(webhook.deviceId(), "1@s.whatsapp.net", "1@s.whatsapp.net",
                "ROLLED-BACK", false, MessageDirection.INCOMING, "text", Optional.of("x"), Optional.empty(),
                Optional.empty(), Optional.empty(), "", Fixtures.now(), MessageStatus.RECEIVED);
        assertThatThrownBy(() -> store.unitOfWork().inTransaction(tx -> {
            tx.messages().insertIfAbsent(message);
            tx.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "")));
            throw new IllegalStateException("crash before commit");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.messages().find(webhook.deviceId(), "1@s.whatsapp.net", false, "ROLLED-BACK")).isEmpty();
        assertThat(store.deliveries().recent(webhook.id(), 10)).isEmpty();

        store.unitOfWork().inTransaction(tx -> {
            tx.messages().insertIfAbsent(message);
            tx.deliveries().enqueue(List.of(Fixtures.delivery(webhook, "")));
            return null;
        });
        assertThat(store.messages().find(webhook.deviceId(), "1@s.whatsapp.net", false, "ROLLED-BACK")).isPresent();
        assertThat(store.deliveries().recent(webhook.id(), 10)).hasSize(1);
    }

    private static long heldRows(Webhook webhook) {
        return TestDatabase.get().jdbi().withHandle(h -> h.createQuery("select count(*) from wa_webhook_deliveries"
                        + " where webhook_id = :w and status = 'pending' and held")
                .bind("w", webhook.id()).mapTo(Long.class).one());
    }

    /** How many claimable rows each chat of the webhook has: never more than one. */
    private static List<Long> headsPerChat(Webhook webhook) {
        return TestDatabase.get().jdbi().withHandle(h -> h.createQuery("""
                        select count(*) from wa_webhook_deliveries
                        where webhook_id = :w and status = 'pending' and not held and ordering_key <> ''
                        group by ordering_key""")
                .bind("w", webhook.id()).mapTo(Long.class).list());
    }

    /** Claims are global: what a test leaves pending must not fill the next test's claims. */
    private void settleLeftovers(Webhook webhook) {
        store.deliveries().recent(webhook.id(), 10_000).stream().filter(d -> d.status() == DeliveryStatus.PENDING)
                .forEach(d -> store.deliveries().recordFailure(d.id(), d.attemptCount(), "test ended", Instant.now()));
    }

    private static List<WebhookDelivery> mine(Webhook webhook, List<WebhookDelivery> claimed) {
        return claimed.stream().filter(d -> d.webhookId() == webhook.id()).toList();
    }
}
