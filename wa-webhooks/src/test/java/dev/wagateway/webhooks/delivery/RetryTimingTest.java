package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the next attempt comes: the backoff's growth, cap and jitter, and how a {@code Retry-After} is read. */
class RetryTimingTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private final DeliverySettings settings = DeliverySettings.of(4, 10);

    @Test
    void theBackoffDoublesFromTwoSecondsUpToTenMinutesWithJitterBetweenHalfAndAll() {
        DeliveryWorkers workers = new DeliveryWorkers(null, null, null, settings, clock, RandomGenerator.getDefault());
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(2_000L << Math.min(attempt - 1, 20), Duration.ofMinutes(10).toMillis());
            for (int i = 0; i < 200; i++) {
                long wait = workers.backoff(attempt).toMillis();
                assertThat(wait).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            }
        }
        // jitter: one outage's retries do not all come back at the same instant
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> workers.backoff(3)).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        WebhookSender sender = new WebhookSender(settings, new TargetPolicy(true, false, HostResolver.system()), clock);
        assertThat(sender.retryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(sender.retryAfter(" 0 ")).contains(Duration.ZERO);
        assertThat(sender.retryAfter("Tue, 24 Nov 2026 10:01:30 GMT")).contains(Duration.ofSeconds(90));
        assertThat(sender.retryAfter("Tue, 24 Nov 2026 09:00:00 GMT")).contains(Duration.ZERO); // already past
        assertThat(sender.retryAfter("-5")).contains(Duration.ZERO);
        assertThat(sender.retryAfter("soon")).isEmpty();
        assertThat(sender.retryAfter(null)).isEmpty();
    }

    @Test
    void settingsRefuseALeaseShorterThanTwoAttempts() {
        assertThatThrownBy(() -> new DeliverySettings(1, 2, 3, Duration.ofSeconds(2), Duration.ofMinutes(10),
                Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                WebhookProxies.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
        assertThatThrownBy(() -> DeliverySettings.of(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
