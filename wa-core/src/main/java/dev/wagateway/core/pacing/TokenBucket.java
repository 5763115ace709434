package dev.wagateway.core.pacing;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code burst} tokens, one coming back every {@code intervalNanos}; full at the start. Tokens are
 * counted in nanoseconds of refill so no rounding is lost between takes.
 */
final class TokenBucket {

    private final ReentrantLock lock = new ReentrantLock();
    private final long intervalNanos;
    private final long capacityNanos;
    private final LongSupplier nanoTime;
    /** The refill held, in nanoseconds: {@code intervalNanos} per token, at most {@code capacityNanos}. */
    private long storedNanos;
    private long lastRefill;

    TokenBucket(int burst, long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.capacityNanos = burst * intervalNanos;
        this.nanoTime = nanoTime;
        this.storedNanos = capacityNanos;
        this.lastRefill = nanoTime.getAsLong();
    }

    /**
     * Takes a token if one is there and answers 0, or takes nothing and answers how many nanoseconds until one is.
     */
    long tryTake() {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            storedNanos = Math.min(capacityNanos, storedNanos + (now - lastRefill));
            lastRefill = now;
            if (storedNanos >= intervalNanos) {
                storedNanos -= intervalNanos;
                return 0;
            }
            return intervalNanos - storedNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a token and takes it. */
    void take() throws InterruptedException {
        for (long wait = tryTake(); wait > 0; wait = tryTake()) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
