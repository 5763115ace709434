package dev.wagateway.app.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    private static final ZonedDateTime AT = ZonedDateTime.parse("2026-11-24T23:11:30Z");

    private static CronSchedule parse(String spec) {
        return CronSchedule.parse(spec, text -> Duration.parse("PT" + text.toUpperCase()));
    }

    @Test
    void theOriginalsDefaultsFireWhenExpected() {
        assertThat(parse("0 */2 * * * *").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-24T23:12:00Z"));
        assertThat(parse("0 0 3 * * *").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-25T03:00:00Z"));
        assertThat(parse("0 0 4 * * *").next(ZonedDateTime.parse("2026-11-25T04:00:00Z")))
                .isEqualTo(ZonedDateTime.parse("2026-11-26T04:00:00Z"));
        assertThat(parse("*/15 * * * * *").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-24T23:11:45Z"));
        assertThat(parse("@every 5m").next(AT)).isEqualTo(AT.plusMinutes(5));
        assertThat(parse("@daily").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void daysFollowTheCronConvention() {
        // the 1st of the month or any Monday: both restricted, either matches
        assertThat(parse("0 0 12 1 * 1").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-30T12:00:00Z"));
        // Sundays only (7 and 0 both mean Sunday)
        assertThat(parse("0 0 12 * * 7").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-29T12:00:00Z"));
        assertThat(parse("0 30 9-17/4 * 1-6 *").next(AT)).isEqualTo(ZonedDateTime.parse("2027-01-01T09:30:00Z"));
    }

    @Test
    void monthsAndDaysMayBeNamed() {
        // 2026-11-24 is a Tuesday
        assertThat(parse("0 0 0 ? * MON").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-30T00:00:00Z"));
        assertThat(parse("0 0 8 * * sat,SUN").next(AT)).isEqualTo(ZonedDateTime.parse("2026-11-28T08:00:00Z"));
        assertThat(parse("0 0 8 1 Feb-Mar *").next(AT)).isEqualTo(ZonedDateTime.parse("2027-02-01T08:00:00Z"));
        assertThatThrownBy(() -> parse("0 0 0 ? * MOON")).hasMessageContaining("field 6")
                .hasMessageContaining("sun, mon");
    }

    @Test
    void badSpecsNameTheirField() {
        assertThatThrownBy(() -> parse("0 61 * * * *")).hasMessageContaining("field 2");
        assertThatThrownBy(() -> parse("* * *")).hasMessageContaining("six");
        assertThatThrownBy(() -> parse("0 0 0 31 2 *").next(AT)).hasMessageContaining("never");
    }
}
