package dev.wagateway.protocol.client.connection;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {

    @Test
    void firstRetryIsImmediateThenGrowsWithJitterUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(7));
        assertThat(backoff.next()).isZero();
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next()).isZero();
        assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void jitterSpreadsTheWaits() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10),
                new SplittableRandom(1));
        backoff.next();
        long a = backoff.next().toMillis();
        long b = backoff.next().toMillis();
        long c = backoff.next().toMillis();
        assertThat(a == b && b == c).isFalse();
    }
}
