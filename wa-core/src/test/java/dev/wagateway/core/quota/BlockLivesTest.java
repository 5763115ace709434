package dev.wagateway.core.quota;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quota blocks reserved together do not all expire together: each is given a life between half of
 * {@link SendQuota#RESERVATION_LIFE} and all of it, so that keys' renewals spread out rather than meet every ten
 * seconds.
 */
class BlockLivesTest {

    @Test
    void livesAreSpreadBetweenHalfTheReservationLifeAndAllOfIt() {
        Supplier<Duration> lives = SendQuota.spreadLives();
        var drawn = Stream.generate(lives).limit(2_000).mapToLong(Duration::toMillis).summaryStatistics();

        assertThat(drawn.getMin()).isGreaterThanOrEqualTo(SendQuota.SHORTEST_LIFE.toMillis());
        assertThat(drawn.getMax()).isLessThanOrEqualTo(SendQuota.RESERVATION_LIFE.toMillis());
        assertThat(drawn.getMin()).as("some near the shortest").isLessThan(5_500);
        assertThat(drawn.getMax()).as("some near the longest").isGreaterThan(9_500);
    }

    @Test
    void theBackgroundSettlesOnlyAfterTheLongestLife() {
        assertThat(SendQuota.IDLE_SETTLEMENT).isGreaterThan(SendQuota.RESERVATION_LIFE);
    }

    @Test
    void aBlockServesForItsOwnLife() {
        java.time.Instant start = java.time.Instant.parse("2026-12-07T06:00:00Z");
        KeyAllowance.Held held = new KeyAllowance.Held(1, 10, 1, start, start, Duration.ofSeconds(6));

        assertThat(held.hasRoom(start.plusMillis(5_999))).isTrue();
        assertThat(held.hasRoom(start.plusSeconds(6))).isFalse();
        assertThat(held.settledByBackground(start.plusSeconds(7), SendQuota.IDLE_SETTLEMENT)).isFalse();
        assertThat(held.settledByBackground(start.plus(SendQuota.IDLE_SETTLEMENT), SendQuota.IDLE_SETTLEMENT))
                .isTrue();
    }
}
