package dev.wagateway.app.jobs;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a six-field cron spec (seconds first, as the original's scheduler reads them) fires next. Fields accept
 * {@code *}, {@code ?}, numbers, ranges {@code a-b}, steps ({@code *}, then {@code /n}) and {@code a-b/n}, and lists;
 * months and days of the week also by their English names ({@code JAN}–{@code DEC}, {@code SUN}–{@code SAT}, any
 * case); the descriptors {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @hourly} and
 * {@code @every <duration>}. When both day fields are restricted, either may match (the cron convention).
 *
 * <p>The only cron parser of the gateway: configuration checks call {@link #validate}, so a spec the start accepts
 * is one the scheduler runs.
 */
public final class CronSchedule {

    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    /** Names per field, by value (month 1 is jan; day of week 0 is sun). */
    private static final List<List<String>> NAMES = List.of(List.of(), List.of(), List.of(), List.of(),
            List.of("", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
            List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));
    /** A spec that matches nothing within this horizon is refused when used. */
    private static final Duration HORIZON = Duration.ofDays(5 * 366);

    private final BitSet[] fields;
    private final boolean dayOfMonthAny;
    private final boolean dayOfWeekAny;
    private final Optional<Duration> every;

    private CronSchedule(BitSet[] fields, boolean dayOfMonthAny, boolean dayOfWeekAny, Optional<Duration> every) {
        this.fields = fields;
        this.dayOfMonthAny = dayOfMonthAny;
        this.dayOfWeekAny = dayOfWeekAny;
        this.every = every;
    }

    /**
     * Checks {@code spec} as the scheduler will use it: it parses, and it fires within five years of {@code now}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void validate(String spec, Function<String, Duration> every, ZonedDateTime now) {
        parse(spec, every).next(now);
    }

    /**
     * Parses {@code spec}; {@code every} turns the {@code @every} argument into a duration.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static CronSchedule parse(String spec, Function<String, Duration> every) {
        String text = spec.strip().toLowerCase(Locale.ROOT);
        switch (text) {
            case "@yearly", "@annually" -> text = "0 0 0 1 1 *";
            case "@monthly" -> text = "0 0 0 1 * *";
            case "@weekly" -> text = "0 0 0 * * 0";
            case "@daily", "@midnight" -> text = "0 0 0 * * *";
            case "@hourly" -> text = "0 0 * * * *";
            default -> {
                if (text.startsWith("@every ")) {
                    Duration interval = every.apply(text.substring(7).strip());
                    if (interval.isNegative() || interval.isZero()) {
                        throw new IllegalArgumentException("@every needs a positive duration");
                    }
                    return new CronSchedule(new BitSet[0], true, true, Optional.of(interval));
                }
            }
        }
        String[] parts = text.split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException("expected six cron fields (seconds first)");
        }
        BitSet[] fields = new BitSet[6];
        for (int i = 0; i < 6; i++) {
            fields[i] = field(parts[i], RANGES[i][0], RANGES[i][1], i);
        }
        if (fields[5].get(7)) {
            fields[5].set(0); // 7 is Sunday too
        }
        return new CronSchedule(fields, parts[3].equals("*") || parts[3].equals("?"),
                parts[5].equals("*") || parts[5].equals("?"), Optional.empty());
    }

    /** The values of field {@code index} (0 = seconds). */
    private static BitSet field(String text, int min, int max, int index) {
        int position = index + 1;
        BitSet values = new BitSet(max + 1);
        for (String item : text.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, position, List.of());
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = number(bounds[0], min, max, position, NAMES.get(index));
                to = number(bounds[1], min, max, position, NAMES.get(index));
            } else {
                from = number(range, min, max, position, NAMES.get(index));
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("cron field " + position + ": range " + range + " is reversed");
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, int min, int max, int position, List<String> names) {
        int named = text.isEmpty() ? -1 : names.indexOf(text);
        if (named >= 0) {
            return named;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("cron field " + position + ": " + value + " is outside "
                        + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron field " + position + ": '" + text + "' is not a number"
                    + (names.isEmpty() ? "" : " or a name (" + String.join(", ", names.stream()
                    .filter(name -> !name.isEmpty()).toList()) + ")"));
        }
    }

    /** The first firing strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        if (every.isPresent()) {
            return after.plus(every.get());
        }
        ZonedDateTime minute = after.truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime limit = after.plus(HORIZON);
        while (minute.isBefore(limit)) {
            if (fields[4].get(minute.getMonthValue()) && dayMatches(minute) && fields[2].get(minute.getHour())
                    && fields[1].get(minute.getMinute())) {
                int fromSecond = minute.isAfter(after) ? 0 : after.getSecond() + 1;
                int second = fields[0].nextSetBit(fromSecond);
                if (second >= 0 && second < 60) {
                    return minute.withSecond(second);
                }
            }
            minute = minute.plusMinutes(1);
        }
        throw new IllegalArgumentException("the cron spec never fires");
    }

    private boolean dayMatches(ZonedDateTime time) {
        boolean dayOfMonth = fields[3].get(time.getDayOfMonth());
        boolean dayOfWeek = fields[5].get(time.getDayOfWeek().getValue() % 7);
        if (dayOfMonthAny || dayOfWeekAny) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }
}
