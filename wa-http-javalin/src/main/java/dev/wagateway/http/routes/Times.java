package dev.wagateway.http.routes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Timestamps as the contract writes them: RFC 3339 strings, UTC. */
final class Times {

    private Times() {
    }

    /** With the stored precision. */
    static String rfc3339(Instant instant) {
        return instant.toString();
    }

    /** Without fraction (admin device lists, api.md row 3). */
    static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code null} when absent. */
    static String secondsOrNull(Optional<Instant> instant) {
        return instant.map(Times::seconds).orElse(null);
    }
}
