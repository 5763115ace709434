package dev.wagateway.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/** Ids for the server's own stanzas. */
final class IdGenerator {

    private final AtomicLong counter = new AtomicLong(System.currentTimeMillis() % 1_000_000);

    String next() {
        return "sbx-" + counter.incrementAndGet();
    }
}
