package dev.wagateway.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often the sandbox refused something with each of WhatsApp's codes (405 outdated client, 463 missing privacy
 * token, 479...): reported by {@code GET /sandbox/stats} so that a test suite can show it met none it did not expect.
 */
final class Refusals {

    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** Counts one refusal with {@code code}. */
    void count(int code) {
        counts.computeIfAbsent(String.valueOf(code), c -> new AtomicLong()).incrementAndGet();
    }

    /** Refusals so far, by code. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }
}
