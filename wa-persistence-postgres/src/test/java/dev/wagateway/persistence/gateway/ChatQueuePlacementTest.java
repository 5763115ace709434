package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat's queue without chat locks (migration V395): publishers commit without waiting for each other or for
 * settlements, and the claims place what they committed. What must hold: one row of a chat in flight at a time, and
 * the events of one publisher (transactions one after the other) in its order.
 */
class ChatQueuePlacementTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void aPublisherOfAChatDoesNotWaitForAnotherOnesOpenTransactionAndBothGoOutOneAfterTheOther() throws Exception {
        Webhook webhook = webhook();
        NewDelivery early = delivery(webhook, "chat-open");
        NewDelivery late = delivery(webhook, "chat-open");
        Instant now = Instant.now();
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            store.unitOfWork().inTransaction(tx -> {
                tx.deliveries().enqueue(List.of(early)); // not committed until the end of this block
                try {
                    // with a lock per chat held to the commit, this would wait for this transaction: never done
                    other.submit(() -> store.deliveries().enqueue(List.of(late))).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the second publisher waited for the first one's commit", e);
                }
                // what committed is placed and claimed (a connection of its own): the later event is the head
                try {
                    assertThat(mine(webhook, other.submit(() -> store.deliveries().claimDue(now, 10, 10,
                            now.plusSeconds(30))).get(30, TimeUnit.SECONDS)))
                            .extracting(WebhookDelivery::eventId).containsExactly(late.eventId());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
        // the earlier transaction committed after: its row waits behind the head in flight, then goes out
        assertThat(mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)))).isEmpty();
        WebhookDelivery head = store.deliveries().recent(webhook.id(), 10).stream()
                .filter(d -> d.eventId().equals(late.eventId())).findFirst().orElseThrow();
        store.deliveries().recordSuccess(head.id(), 1, now);
        List<WebhookDelivery> next = mine(webhook, store.deliveries().claimDue(now, 10, 10, now.plusSeconds(30)));
        assertThat(next).extracting(WebhookDelivery::eventId).containsExactly(early.eventId());
        store.deliveries().recordSuccess(next.getFirst().id(), 1, now);
    }

    @Test
    void concurrentPublishersOfOneChatGetOneRowInFlightAtATimeAndEachPublishersEventsInItsOrder() throws Exception {
        Webhook webhook = webhook();
        int publishers = 4;
        int perPublisher = 60;
        List<String> chats = List.of("shared-1", "shared-2");
        Map<UUID, int[]> published = new ConcurrentHashMap<>(); // event -> {publisher, its sequence}
        Map<String, Long> inFlight = new ConcurrentHashMap<>();
        Map<String, List<UUID>> deliveredByChat = new ConcurrentHashMap<>();
        List<String> twoInFlight = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger delivered = new AtomicInteger();
        int total = publishers * perPublisher;
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            tasks.add(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    NewDelivery event = delivery(webhook, chats.get(i % chats.size()));
                    published.put(event.eventId(), new int[] {publisher, i});
                    // its own transaction, as an event's publisher does; the next starts after it committed
                    store.unitOfWork().inTransaction(tx -> {
                        tx.deliveries().enqueue(List.of(event));
                        return null;
                    });
                }
                return null;
            });
        }
        for (int w = 0; w < 3; w++) {
            tasks.add(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (delivered.get() < total && System.nanoTime() < deadline) {
                    Instant now = Instant.now();
                    List<WebhookDelivery> claimed = mine(webhook, store.deliveries().claimDue(now, 4, 100,
                            now.plusSeconds(60)));
                    for (WebhookDelivery d : claimed) {
                        Long other = inFlight.putIfAbsent(d.orderingKey(), d.id());
                        if (other != null) {
                            twoInFlight.add(d.orderingKey() + ": " + other + " and " + d.id());
                        }
                        deliveredByChat.computeIfAbsent(d.orderingKey(), k -> Collections.synchronizedList(
                                new ArrayList<>())).add(d.eventId());
                    }
                    for (WebhookDelivery d : claimed) {
                        // an attempt's while in flight, so two heads of one chat claimed apart would overlap here
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000));
                        // out of flight before the settlement commits: only that commit lets the next row be claimed
                        inFlight.remove(d.orderingKey(), d.id());
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
        assertThat(twoInFlight).isEmpty();
        assertThat(delivered.get()).isEqualTo(total);
        assertThat(store.deliveries().recent(webhook.id(), 1000)).extracting(WebhookDelivery::status)
                .containsOnly(DeliveryStatus.SUCCESS);
        for (List<UUID> order : deliveredByChat.values()) {
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                List<Integer> sequence = order.stream().map(published::get).filter(e -> e[0] == publisher)
                        .map(e -> e[1]).toList();
                assertThat(sequence).hasSize(perPublisher / chats.size()).isSorted();
            }
        }
    }

    private Webhook webhook() {
        return store.webhooks().insertWithinLimit(Fixtures.storedDevice(store).id(),
                "https://hooks.example/" + UUID.randomUUID(), "secret", List.of(), Fixtures.now(), 5).orElseThrow();
    }

    private static NewDelivery delivery(Webhook webhook, String orderingKey) {
        return new NewDelivery(webhook.id(), UUID.randomUUID(), "message.received", "{}", orderingKey,
                Fixtures.now().minusSeconds(1));
    }

    /** Claims are global: only this test's webhook's rows. */
    private static List<WebhookDelivery> mine(Webhook webhook, List<WebhookDelivery> claimed) {
        return claimed.stream().filter(d -> d.webhookId() == webhook.id()).toList();
    }
}
