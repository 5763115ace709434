package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static dev.wagateway.webhooks.delivery.Fixtures.settings;
import static dev.wagateway.webhooks.delivery.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost when a receiver is down for a while or when workers die holding claims (before attempting, or with
 * attempts on the wire): every event arrives, once per {@code webhook-id}, and leased rows wait for their lease.
 */
class DeliveryRecoveryTest extends DeliveryWorkersFixture {

    @Test
    void aReceiverDownForAWhileGetsEveryEventExactlyOnce() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        receiver.on("/later", (exchange, nth) -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (!seen.add(id)) {
                duplicates.add(id); // a receiver deduplicates by webhook-id; the test counts what it would drop
            }
            Receiver.status(exchange, 204);
        });
        Webhook webhook = webhook(receiver.url("/later"));
        receiver.stop(); // nothing listens on the port: connections are refused
        for (int i = 0; i < 40; i++) {
            publish(RECEIVED, "chat-" + (i % 5));
        }
        workers(20);
        // every chat's first event has failed to connect at least once: the receiver really was unreachable
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .filter(d -> d.lastError().orElse("").contains("ConnectException")).count() >= 5,
                "the heads of all five chats to fail to connect");
        assertThat(seen).isEmpty();

        receiver.start(); // the same port again
        await(() -> seen.size() == 40, "all 40 events");
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "every row settled");
        Set<String> expected = new HashSet<>();
        store.deliveries().recent(webhook.id(), 100).forEach(d -> expected.add(d.eventId().toString()));
        assertThat(expected).hasSize(40);
        assertThat(seen).isEqualTo(expected);
        assertThat(duplicates).isEmpty();
        assertThat(store.deliveries().recent(webhook.id(), 100)).filteredOn(d -> d.attemptCount() > 1)
                .hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void claimsOfWorkersThatDiedBeforeAttemptingComeBackAndNothingIsLost() {
        Webhook webhook = webhook(receiver.url("/after-crash"));
        for (int i = 0; i < 10; i++) {
            publish(RECEIVED, "");
        }
        // a worker claimed them and died before attempting: the rows are leased, nobody will settle them
        Instant now = clock.instant();
        List<WebhookDelivery> orphaned = store.deliveries().claimDue(now, 100, 100, now.plusSeconds(2)).stream()
                .filter(d -> d.webhookId() == webhook.id()).toList();
        assertThat(orphaned).hasSize(10);
        workers(3);
        await(() -> receiver.received("/after-crash").size() >= 10, "the orphaned rows to be delivered");
        Set<String> ids = new HashSet<>();
        receiver.received("/after-crash").forEach(r -> ids.add(r.header("webhook-id")));
        Set<String> expected = new HashSet<>();
        orphaned.forEach(d -> expected.add(d.eventId().toString()));
        assertThat(ids).isEqualTo(expected);
        // not before their lease ended
        assertThat(receiver.received("/after-crash")).allSatisfy(r ->
                assertThat(r.atMillis()).isGreaterThanOrEqualTo(now.plusSeconds(2).toEpochMilli()));
    }

    @Test
    void rowsLeasedByWorkersKilledMidFlightComeBackAfterTheLeaseAndAreDeliveredOncePerWebhookId() {
        AtomicBoolean stalling = new AtomicBoolean(true);
        receiver.on("/mid-flight", (exchange, nth) -> {
            if (stalling.get()) {
                sleep(300); // attempts are on the wire when the process dies
            }
            Receiver.status(exchange, 200);
        });
        Webhook webhook = webhook(receiver.url("/mid-flight"));
        for (int i = 0; i < 12; i++) {
            publish(RECEIVED, "");
        }
        // "another gateway process" with its own connection pool; closing the pool is its death: the claims it took
        // stay in the database, and whatever its attempts come to can no longer be written
        PostgresDatabase doomedDatabase = TestDatabase.anotherProcess();
        PostgresGatewayStore doomedStore = new PostgresGatewayStore(doomedDatabase);
        DeliverySettings settings = settings(3);
        DeliveryWorkers doomed = new DeliveryWorkers(doomedStore.deliveries(), doomedStore.webhooks(),
                new WebhookSender(settings, Fixtures.loopbackPolicy(), clock), settings, clock,
                RandomGenerator.getDefault());
        doomed.start();
        await(() -> receiver.received("/mid-flight").size() >= 4, "attempts in flight");
        doomedDatabase.close();
        doomed.close();
        long killedAt = System.currentTimeMillis();
        // what the dead process held: claimed, never settled, each with the end of its lease
        Map<String, Long> leased = Fixtures.leases(webhook);
        assertThat(leased).as("rows the dead process held when it died").isNotEmpty();

        stalling.set(false);
        workers(3);
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "every row delivered by the new workers");
        List<Receiver.Received> arrivals = receiver.received("/mid-flight");
        Set<String> expected = store.deliveries().recent(webhook.id(), 100).stream()
                .map(d -> d.eventId().toString()).collect(Collectors.toSet());
        assertThat(expected).hasSize(12).containsAll(leased.keySet());
        // deduplicated by webhook-id, the receiver got every event exactly once: nothing lost, nothing extra
        assertThat(arrivals.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()))
                .isEqualTo(expected);
        Map<String, Long> requestsPerId = arrivals.stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        leased.forEach((id, leaseEnd) -> {
            // the new workers left each held row alone until its lease ended, then delivered it once
            List<Receiver.Received> afterDeath = arrivals.stream()
                    .filter(r -> r.header("webhook-id").equals(id) && r.atMillis() > killedAt).toList();
            assertThat(afterDeath).as(id).hasSize(1);
            assertThat(afterDeath.getFirst().atMillis()).as(id).isGreaterThanOrEqualTo(leaseEnd);
            assertThat(requestsPerId.get(id)).as(id).isBetween(1L, 2L);
        });
        // rows the dead process had not claimed went once
        requestsPerId.forEach((id, count) -> {
            if (!leased.containsKey(id)) {
                assertThat(count).as(id).isEqualTo(1);
            }
        });
    }
}
