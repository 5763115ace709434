package dev.wagateway.app.config;

import dev.wagateway.app.jobs.CronSchedule;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of configuration variables that collect every problem instead of stopping at the first, so one start
 * reports all of them, each naming its variable and what it accepts.
 */
final class ConfigValues {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();

    ConfigValues(Map<String, String> variables) {
        this.variables = variables;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String name, String value, String expectation) {
        problems.add(name + "=" + quoted(value) + ": " + expectation);
    }

    Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    boolean bool(String name, boolean fallback) {
        return parsed(name, fallback, value -> {
            if (TRUE.contains(value)) {
                return true;
            }
            if (FALSE.contains(value)) {
                return false;
            }
            throw new IllegalArgumentException("expected a boolean (true/false, 1/0, t/f)");
        });
    }

    int integer(String name, int fallback, int min, int max) {
        return parsed(name, fallback, value -> {
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            return (int) parsed;
        });
    }

    /** A whole number where the original treats zero or less as "use the default". */
    int positiveOrDefault(String name, int fallback, int max) {
        int value = integer(name, fallback, Integer.MIN_VALUE, max);
        return value <= 0 ? fallback : value;
    }

    Optional<Integer> optionalInteger(String name, int min, int max) {
        if (optional(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(integer(name, min, min, max));
    }

    Duration duration(String name, Duration fallback) {
        return parsed(name, fallback, GoDuration::parse);
    }

    long byteSize(String name, long fallback) {
        return parsed(name, fallback, ByteSize::parse);
    }

    String cron(String name, String fallback) {
        // the scheduler's own parser, so a spec accepted here is one it runs
        return parsed(name, fallback, spec -> {
            CronSchedule.validate(spec, GoDuration::parse, ZonedDateTime.now(ZoneOffset.UTC));
            return spec.strip();
        });
    }

    String oneOf(String name, String fallback, Set<String> allowed) {
        return parsed(name, fallback, value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
            return lower;
        });
    }

    Optional<URI> optionalUri(String name, Set<String> schemes) {
        if (optional(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(parsed(name, null, value -> uri(value, schemes)));
    }

    URI uri(String name, String fallback, Set<String> schemes) {
        URI defaultUri = URI.create(fallback);
        return parsed(name, defaultUri, value -> uri(value, schemes));
    }

    /** Parses a value with {@code parser}; on failure records the problem and returns the fallback. */
    <T> T parsed(String name, T fallback, Function<String, T> parser) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(value.get());
        } catch (IllegalArgumentException e) {
            problem(name, value.get(), e.getMessage());
            return fallback;
        }
    }

    private static URI uri(String value, Set<String> schemes) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("expected a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected a URL with a host and scheme "
                    + String.join(" or ", schemes.stream().sorted().toList()));
        }
        return uri;
    }

    /** The value as a problem shows it: a URL's password masked (proxy and database URLs carry them), cut short. */
    private static String quoted(String value) {
        String shown = value == null ? "" : value.replaceAll("(://[^/@:\\s]*):[^@\\s]*@", "$1:***@");
        return shown.length() > 60 ? shown.substring(0, 57) + "..." : shown;
    }
}
