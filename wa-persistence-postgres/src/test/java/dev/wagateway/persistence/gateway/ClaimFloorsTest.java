package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims that start from floors (migration V410, {@link ClaimFloors}), against a real PostgreSQL with a monotonic
 * clock the test moves: a row committed behind the floors waits for the next wide claim (or, further behind, the
 * next claim without floors) and is then claimed; a chat's next row released by a settlement is found at once
 * although the floors passed its enqueue time; a row put back to pending by any writer goes right after its chat's
 * head (V420, V430); the cap counts only leases taken in the last half of the lease; and the floors' own rules.
 */
class ClaimFloorsTest {

    private final PostgresDatabase database = TestDatabase.get();
    private final PostgresGatewayStore store = new PostgresGatewayStore(database);
    private final AtomicLong nanos = new AtomicLong();
    private final ClaimFloors floors = new ClaimFloors(nanos::get);
    private final PostgresWebhookDeliveryRepository deliveries = new PostgresWebhookDeliveryRepository(
            new HandleSource.Pooled(database.jdbi(), database.dataSource()), floors);

    @Test
    void aRowCommittedBehindTheFloorsIsClaimedByTheNextWideOrFullClaim() {
        Webhook webhook = Fixtures.webhook(store);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        deliveries.enqueue(List.of(delivery(webhook, "", t0)));
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(10), 1000, 100, t0.plusSeconds(70)))).hasSize(1);
        // nothing due: the floors move up to the claim's time less the margin
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(20), 1000, 100, t0.plusSeconds(80)))).isEmpty();

        // a writer that stamped its row 15 s before it committed: behind the floors
        NewDelivery late = delivery(webhook, "", t0.plusSeconds(5));
        deliveries.enqueue(List.of(late));
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(21), 1000, 100, t0.plusSeconds(81)))).isEmpty();

        nanos.addAndGet(ClaimFloors.WIDE_CLAIM_EVERY.toNanos());
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(22), 1000, 100, t0.plusSeconds(82))))
                .extracting(WebhookDelivery::eventId).containsExactly(late.eventId());

        // one stamped more than the wide claim's reach before it committed: found by the claim from the start
        NewDelivery stalled = delivery(webhook, "", t0.minusSeconds(100));
        deliveries.enqueue(List.of(stalled));
        nanos.addAndGet(ClaimFloors.WIDE_CLAIM_EVERY.toNanos());
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(23), 1000, 100, t0.plusSeconds(83)))).isEmpty();
        nanos.addAndGet(ClaimFloors.FULL_CLAIM_EVERY.toNanos());
        assertThat(mine(webhook, deliveries.claimDue(t0.plusSeconds(24), 1000, 100, t0.plusSeconds(84))))
                .extracting(WebhookDelivery::eventId).containsExactly(stalled.eventId());
        settleLeftovers(webhook);
    }

    @Test
    void aChatsNextRowReleasedBehindTheFloorsIsFoundAtOnce() {
        Webhook webhook = Fixtures.webhook(store);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        NewDelivery first = delivery(webhook, "chat", t0);
        NewDelivery second = delivery(webhook, "chat", t0);
        deliveries.enqueue(List.of(first, second));
        Instant now = t0.plusSeconds(100);
        List<WebhookDelivery> heads = mine(webhook, deliveries.claimDue(now, 1000, 100, now.plusSeconds(60)));
        assertThat(heads).extracting(WebhookDelivery::eventId).containsExactly(first.eventId());
        assertThat(mine(webhook, deliveries.claimDue(now, 1000, 100, now.plusSeconds(60)))).isEmpty();

        // the second row's own due time (t0) is 100 s behind the floors now
        deliveries.settleAll(List.of(Settlement.delivered(heads.getFirst().id(), 1, now)));
        assertThat(mine(webhook, deliveries.claimDue(now, 1000, 100, now.plusSeconds(60))))
                .extracting(WebhookDelivery::eventId).containsExactly(second.eventId());
        settleLeftovers(webhook);
    }

    @Test
    void aRowPutBackToPendingByAnyWriterGoesRightAfterItsChatsHead() {
        Webhook webhook = Fixtures.webhook(store);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        NewDelivery old = delivery(webhook, "chat", t0);
        deliveries.enqueue(List.of(old));
        WebhookDelivery failed = mine(webhook, deliveries.claimDue(t0, 1000, 100, t0.plusSeconds(60))).getFirst();
        deliveries.recordFailure(failed.id(), 1, "HTTP 400", t0);
        NewDelivery head = delivery(webhook, "chat", t0);
        NewDelivery later = delivery(webhook, "chat", t0);
        deliveries.enqueue(List.of(head, later));
        WebhookDelivery inFlight = mine(webhook, deliveries.claimDue(t0, 1000, 100, t0.plusSeconds(60))).getFirst();
        assertThat(inFlight.eventId()).isEqualTo(head.eventId());

        // put back by a node of the version before (its redelivery's UPDATE, which sets no mark) or by an operator
        database.jdbi().useHandle(h -> h.execute("update wa_webhook_deliveries set status = 'pending',"
                + " attempt_count = 0, last_error = null, next_attempt_at = ?, leased_until = null, updated_at = ?,"
                + " held = true where id = ?", t0.atOffset(java.time.ZoneOffset.UTC),
                t0.atOffset(java.time.ZoneOffset.UTC), failed.id()));
        deliveries.settleAll(List.of(Settlement.delivered(inFlight.id(), 1, t0)));
        assertThat(mine(webhook, deliveries.claimDue(t0, 1000, 100, t0.plusSeconds(60))))
                .extracting(WebhookDelivery::eventId).containsExactly(old.eventId());
        settleLeftovers(webhook);
    }

    @Test
    void theCapCountsOnlyLeasesTakenInTheLastHalfOfTheLease() {
        Webhook webhook = Fixtures.webhook(store);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        deliveries.enqueue(List.of(delivery(webhook, "", t0), delivery(webhook, "", t0)));
        Duration lease = Duration.ofSeconds(60);
        assertThat(mine(webhook, deliveries.claimDue(t0, 1000, 1, t0.plus(lease)))).hasSize(1);
        Instant stillRunning = t0.plusSeconds(29);
        assertThat(mine(webhook, deliveries.claimDue(stillRunning, 1000, 1, stillRunning.plus(lease)))).isEmpty();
        // past half its lease the first attempt is over (a lease lasts two attempts): its slot is free
        Instant over = t0.plusSeconds(31);
        assertThat(mine(webhook, deliveries.claimDue(over, 1000, 1, over.plus(lease)))).hasSize(1);
        settleLeftovers(webhook);
    }

    @Test
    void floorsAreTheEarliestDueTimeSeenAndNeverLaterThanTheMargin() {
        ClaimFloors.Plan first = floors.plan(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(first.full()).isTrue();
        floors.learn(first, List.of(new ClaimFloors.Seen(1, Instant.parse("2026-12-07T09:00:00Z")),
                new ClaimFloors.Seen(1, Instant.parse("2026-12-07T08:00:00Z")),
                new ClaimFloors.Seen(2, null),
                new ClaimFloors.Seen(3, Instant.parse("2026-12-07T09:59:59Z"))));

        ClaimFloors.Plan next = floors.plan(Instant.parse("2026-12-07T10:00:01Z"));
        assertThat(next.full()).isFalse();
        Instant latest = Instant.parse("2026-12-07T10:00:00Z").minus(ClaimFloors.MARGIN);
        assertThat(next.others()).isEqualTo(latest);
        assertThat(floorOf(next, 1)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(floorOf(next, 2)).isEqualTo(latest);
        assertThat(floorOf(next, 3)).isEqualTo(latest);

        // the periodic wide claim lowers every floor to its reach, keeping the older ones
        nanos.addAndGet(ClaimFloors.WIDE_CLAIM_EVERY.toNanos());
        ClaimFloors.Plan wide = floors.plan(Instant.parse("2026-12-07T10:00:02Z"));
        Instant reach = Instant.parse("2026-12-07T10:00:02Z").minus(ClaimFloors.WIDE_MARGIN);
        assertThat(wide.full()).isFalse();
        assertThat(wide.others()).isEqualTo(reach);
        assertThat(floorOf(wide, 1)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(floorOf(wide, 3)).isEqualTo(reach);
        assertThat(floorOf(floors.plan(Instant.parse("2026-12-07T10:00:02Z")), 3)).isEqualTo(latest);

        // a clock set back, then the periodic claim without floors
        assertThat(floors.plan(Instant.parse("2026-12-07T09:59:00Z")).full()).isTrue();
        floors.learn(next, List.of());
        assertThat(floors.plan(Instant.parse("2026-12-07T10:00:02Z")).full()).isFalse();
        nanos.addAndGet(ClaimFloors.FULL_CLAIM_EVERY.toNanos());
        assertThat(floors.plan(Instant.parse("2026-12-07T10:00:03Z")).full()).isTrue();
    }

    private static Instant floorOf(ClaimFloors.Plan plan, long webhookId) {
        for (int i = 0; i < plan.hooks().length; i++) {
            if (plan.hooks()[i] == webhookId) {
                return plan.floors()[i];
            }
        }
        throw new AssertionError("no floor for webhook " + webhookId);
    }

    private static NewDelivery delivery(Webhook webhook, String orderingKey, Instant at) {
        return new NewDelivery(webhook.id(), UUID.randomUUID(), "message.received", "{}", orderingKey, at);
    }

    private void settleLeftovers(Webhook webhook) {
        deliveries.recent(webhook.id(), 1000).stream().filter(d -> d.status() == DeliveryStatus.PENDING)
                .forEach(d -> deliveries.recordFailure(d.id(), d.attemptCount(), "test ended", Instant.now()));
    }

    private static List<WebhookDelivery> mine(Webhook webhook, List<WebhookDelivery> claimed) {
        return claimed.stream().filter(d -> d.webhookId() == webhook.id()).toList();
    }
}
