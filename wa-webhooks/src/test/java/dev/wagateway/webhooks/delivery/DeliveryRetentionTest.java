package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily cleanup: settled rows past retention go, pending rows stay whatever their age. */
class DeliveryRetentionTest {

    private final PostgresGatewayStore store = TestDatabase.store();

    @Test
    void settledDeliveriesOlderThanTheRetentionAreDeletedAndPendingOnesNever() {
        Device device = Fixtures.device(store);
        Webhook webhook = Fixtures.webhook(store, device, "http://127.0.0.1:9/unused");
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(8));
        for (int i = 0; i < 3; i++) {
            Fixtures.publish(store, device, "message.received", "", old);
        }
        Fixtures.publish(store, device, "message.received", "", now.minus(Duration.ofDays(1)));
        List<WebhookDelivery> rows = store.deliveries().recent(webhook.id(), 10); // newest first
        WebhookDelivery recentSettled = rows.get(0);
        WebhookDelivery oldSuccess = rows.get(1);
        WebhookDelivery oldFailed = rows.get(2);
        WebhookDelivery oldPending = rows.get(3);
        store.deliveries().recordSuccess(recentSettled.id(), 1, now);
        store.deliveries().recordSuccess(oldSuccess.id(), 1, now);
        store.deliveries().recordFailure(oldFailed.id(), 3, "HTTP 500: ", now);

        new DeliveryRetention(store.deliveries(), Duration.ofDays(7), Clock.systemUTC()).run();

        List<WebhookDelivery> left = store.deliveries().recent(webhook.id(), 10);
        assertThat(left).extracting(WebhookDelivery::id).containsExactly(recentSettled.id(), oldPending.id());
        assertThat(left.get(1).status()).isEqualTo(DeliveryStatus.PENDING);
        Fixtures.settleLeftovers(store, device);
    }

    @Test
    void theDailyRunStartsAtTheNextGivenTimeOnTheGivenExecutor() {
        ZoneId zone = ZoneOffset.UTC;
        DeliveryRetention before = new DeliveryRetention(store.deliveries(), Duration.ofDays(7),
                Clock.fixed(Instant.parse("2026-11-24T03:30:00Z"), zone));
        assertThat(before.untilNext(LocalTime.of(4, 0))).isEqualTo(Duration.ofMinutes(30));
        DeliveryRetention after = new DeliveryRetention(store.deliveries(), Duration.ofDays(7),
                Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), zone));
        assertThat(after.untilNext(LocalTime.of(4, 0))).isEqualTo(Duration.ofDays(1));

        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> schedule = before.scheduleDaily(executor, LocalTime.of(4, 0));
            assertThat(schedule.getDelay(TimeUnit.MINUTES)).isBetween(29L, 30L);
            assertThat(schedule.isDone()).isFalse();
            schedule.cancel(false);
        } finally {
            executor.shutdownNow();
        }
    }
}
