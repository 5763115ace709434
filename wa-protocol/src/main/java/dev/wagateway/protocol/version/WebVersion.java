package dev.wagateway.protocol.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WhatsApp Web version, {@code 2.3000.N}: the {@code appVersion} of the login payload and the input of its build
 * hash. WhatsApp refuses versions it has retired ({@code <failure reason="405">}), so the tertiary part changes often.
 *
 * @param primary   {@code 2} today
 * @param secondary {@code 3000} today
 * @param tertiary  the web client revision (an unsigned 32-bit number on the wire)
 */
public record WebVersion(int primary, int secondary, long tertiary) implements Comparable<WebVersion> {

    private static final long MAX_TERTIARY = 0xFFFF_FFFFL;
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,5})\\.([0-9]{1,5})\\.([0-9]{1,10})");

    /** Checks the ranges the login payload can carry. */
    public WebVersion {
        if (primary < 0 || secondary < 0 || tertiary < 0 || tertiary > MAX_TERTIARY) {
            throw new IllegalArgumentException("web version out of range: " + primary + "." + secondary + "." + tertiary);
        }
    }

    /** {@code 2.3000.revision}, the only family WhatsApp Web has used since multi-device. */
    public static WebVersion ofRevision(long revision) {
        return new WebVersion(2, 3000, revision);
    }

    /** Parses {@code "2.3000.1045649367"}; empty for anything else. */
    public static Optional<WebVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long tertiary = Long.parseLong(matcher.group(3));
        if (tertiary > MAX_TERTIARY) {
            return Optional.empty();
        }
        return Optional.of(new WebVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                tertiary));
    }

    @Override
    public int compareTo(WebVersion other) {
        int byPrimary = Integer.compare(primary, other.primary);
        if (byPrimary != 0) {
            return byPrimary;
        }
        int bySecondary = Integer.compare(secondary, other.secondary);
        return bySecondary != 0 ? bySecondary : Long.compare(tertiary, other.tertiary);
    }

    /** Whether this version is older than {@code other}. */
    public boolean olderThan(WebVersion other) {
        return compareTo(other) < 0;
    }

    /** {@code primary.secondary.tertiary}. */
    @Override
    public String toString() {
        return primary + "." + secondary + "." + tertiary;
    }
}
