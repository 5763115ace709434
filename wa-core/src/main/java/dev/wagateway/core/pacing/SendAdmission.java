package dev.wagateway.core.pacing;

import dev.wagateway.core.error.OverloadedException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's sends in progress across all devices, at most {@code capacity} at once
 * ({@code WHATSAPP_SEND_MAX_IN_FLIGHT}). Each device's queue is bounded ({@link SendPacer}), but a thousand devices'
 * queues together are not: offered more sends than it can make, the gateway would hold every one (a request, its
 * virtual thread and connection, its waits for the database pool) until callers time out and it goes on working for
 * callers that have gone. One over the cap is refused at once, before anything is stored or sent, with a 503 and
 * {@code Retry-After}: the sends admitted keep their latency, and the refused ones learn at once to come back.
 *
 * <p>On a machine starved of CPU even the admitted sends can wait longer than their callers do (an HTTP client's
 * 30 s timeout): a send still in the gateway after {@code maxWait} ({@code WHATSAPP_SEND_MAX_WAIT}) when it is about to
 * go out is {@link Place#overdue() overdue} and is given up rather than sent to a caller who has likely gone.
 */
public final class SendAdmission {

    /** When a refused send may try again: in-flight sends take milliseconds, so a second frees many places. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final int capacity;
    private final Duration maxWait;
    private final LongSupplier nanoTime;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param capacity the most sends in progress at once, at least 1
     * @param maxWait  how long an admitted send may take to reach the moment it goes out; zero for no limit
     * @param nanoTime the monotonic clock ({@code System::nanoTime})
     */
    public SendAdmission(int capacity, Duration maxWait, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the send cap must be at least 1, got " + capacity);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the longest wait must not be negative, got " + maxWait);
        }
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.nanoTime = nanoTime;
    }

    /** A cap without a limit on the wait. */
    public SendAdmission(int capacity) {
        this(capacity, Duration.ZERO, System::nanoTime);
    }

    /**
     * Takes a place for one send; the caller must {@link Place#close} it whatever happens.
     *
     * @throws OverloadedException {@code capacity} sends are in progress already (nothing was done)
     */
    public Place admit() {
        int now = inFlight.incrementAndGet();
        if (now > capacity) {
            inFlight.decrementAndGet();
            refused.incrementAndGet();
            throw new OverloadedException("Service Unavailable: the gateway has " + capacity
                    + " sends in progress, its most at once; nothing was sent, retry shortly", RETRY_AFTER_SECONDS);
        }
        return new Place(this, nanoTime.getAsLong());
    }

    /** The most sends in progress at once. */
    public int capacity() {
        return capacity;
    }

    /** Sends in progress now. */
    public int inFlight() {
        return Math.min(capacity, inFlight.get());
    }

    /** Sends refused for the cap since the start. */
    public long refused() {
        return refused.get();
    }

    /** One send's place; closing it twice frees it once. */
    public static final class Place implements AutoCloseable {

        private final SendAdmission admission;
        private final long admittedNanos;
        private boolean closed;

        private Place(SendAdmission admission, long admittedNanos) {
            this.admission = admission;
            this.admittedNanos = admittedNanos;
        }

        /**
         * Throws when the send has been in the gateway longer than the longest wait: nothing was sent, and its caller
         * has likely given up.
         *
         * @throws OverloadedException the send is overdue
         */
        public void requireNotOverdue() {
            Duration limit = admission.maxWait;
            long waited = admission.nanoTime.getAsLong() - admittedNanos;
            if (!limit.isZero() && waited > limit.toNanos()) {
                admission.refused.incrementAndGet();
                throw new OverloadedException("Service Unavailable: the send waited " + waited / 1_000_000_000L
                        + " s in the gateway, longer than its most (" + limit.toSeconds() + " s), under overload;"
                        + " nothing was sent, retry shortly", RETRY_AFTER_SECONDS);
            }
        }

        /** Frees the place. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                admission.inFlight.decrementAndGet();
            }
        }
    }
}
