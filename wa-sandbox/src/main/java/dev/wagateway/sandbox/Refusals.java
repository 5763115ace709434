package dev.wagateway.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How often the sandbox refused something with each of WhatsApp's codes (405 outdated client, 463 missing privacy
 * token, 479...): reported by {@code GET /sandbox/stats} so that a test suite can show it met none it did not expect,
 * with the first refused stanzas named so that an unexpected refusal can be traced.
 */
final class Refusals {

    /** How many refused stanzas are named in {@link #named()}; the counts go on beyond. */
    static final int NAMED = 50;

    /** One refusal: its code and what was refused (stanza id, sender, destination). */
    record Refusal(int code, String stanza) {
    }

    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Refusal> named = new ArrayList<>();

    /** Counts one refusal with {@code code} of {@code stanza} (a short description: id, from, to). */
    void count(int code, String stanza) {
        counts.computeIfAbsent(String.valueOf(code), c -> new AtomicLong()).incrementAndGet();
        lock.lock();
        try {
            if (named.size() < NAMED) {
                named.add(new Refusal(code, stanza));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refusals so far, by code. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    /** The first {@value #NAMED} refusals, in order. */
    List<Refusal> named() {
        lock.lock();
        try {
            return List.copyOf(named);
        } finally {
            lock.unlock();
        }
    }
}
