package dev.wagateway.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Durations in Go's syntax ({@code 500ms}, {@code 2s}, {@code 1h30m}, {@code 1.5h}), because the original gateway's
 * users already write them that way.
 */
public final class GoDuration {

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Parses a non-negative duration; throws {@link IllegalArgumentException} with a short reason otherwise. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty() || s.startsWith("-")) {
            throw new IllegalArgumentException("expected a non-negative duration such as 500ms, 2s, 5m or 1h30m");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String number = s.substring(numberStart, unitStart);
            Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || unit == null || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 5m or 1h30m (units ns, us, ms, s, m, h)");
            }
            totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration too large");
        }
        return Duration.ofNanos(totalNanos.longValue());
    }
}
