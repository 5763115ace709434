package dev.wagateway.core.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The §8.8 restore timing, exactly: a seeded source makes every random part known in advance. */
class RestoreScheduleTest {

    private static final StartupReconnect DEFAULTS = StartupReconnect.defaults(); // 10, 5 s, 5, 2 s, 30 s

    @Test
    void retriesWaitTheDoublingBaseCappedAtTheMaximumPlusAtMostHalfASecond() {
        RestoreSchedule schedule = new RestoreSchedule(DEFAULTS, new SplittableRandom(42));
        SplittableRandom same = new SplittableRandom(42); // the draws the schedule makes, in order
        long[] steps = {2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int failed = 1; failed <= steps.length; failed++) {
            long expected = steps[failed - 1] + same.nextLong(501);
            assertThat(schedule.delayAfterFailure(failed)).isEqualTo(Duration.ofMillis(expected));
        }
        assertThat(schedule.attempts()).isEqualTo(5);
    }

    @Test
    void theJitterBoundsAreInclusive() {
        RestoreSchedule lowest = new RestoreSchedule(DEFAULTS, fixed(0));
        assertThat(lowest.delayAfterFailure(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(lowest.startDelay()).isZero();
        RestoreSchedule highest = new RestoreSchedule(DEFAULTS, fixed(Long.MAX_VALUE));
        assertThat(highest.delayAfterFailure(1)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(highest.delayAfterFailure(9)).isEqualTo(Duration.ofMillis(30_500));
        assertThat(highest.startDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theStartDelayIsDrawnUpToTheJitterMaximum() {
        RestoreSchedule schedule = new RestoreSchedule(DEFAULTS, new SplittableRandom(7));
        SplittableRandom same = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(schedule.startDelay()).isEqualTo(Duration.ofMillis(same.nextLong(5_001)));
        }
        RestoreSchedule none = new RestoreSchedule(new StartupReconnect(10, Duration.ZERO, 3, Duration.ofSeconds(1),
                Duration.ofSeconds(10)), new SplittableRandom(7));
        assertThat(none.startDelay()).isZero();
    }

    @Test
    void aBaseAboveTheMaximumIsCappedAndManyFailuresDoNotOverflow() {
        RestoreSchedule schedule = new RestoreSchedule(new StartupReconnect(1, Duration.ZERO, 3,
                Duration.ofSeconds(40), Duration.ofSeconds(30)), fixed(0));
        assertThat(schedule.delayAfterFailure(1)).isEqualTo(Duration.ofSeconds(30));
        RestoreSchedule small = new RestoreSchedule(new StartupReconnect(1, Duration.ZERO, 3, Duration.ofMillis(1),
                Duration.ofDays(365)), fixed(0));
        assertThat(small.delayAfterFailure(1_000)).isEqualTo(Duration.ofDays(365));
        assertThatThrownBy(() -> small.delayAfterFailure(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A source that always answers the lowest or the highest value of the asked range. */
    private static RandomGenerator fixed(long choice) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return choice;
            }

            @Override
            public long nextLong(long bound) {
                return choice == 0 ? 0 : bound - 1;
            }
        };
    }
}
