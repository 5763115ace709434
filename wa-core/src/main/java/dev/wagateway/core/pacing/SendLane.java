package dev.wagateway.core.pacing;

import dev.wagateway.core.error.RateLimitedException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One device's line of sends: tickets in arrival order, at most {@code capacity} at once. With pacing on, the
 * holder of the first ticket is the only one sending, after taking a token; the others wait behind it.
 */
final class SendLane {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final ArrayDeque<Long> line = new ArrayDeque<>();
    private final SendPacing pacing;
    private final TokenBucket bucket;
    private long accepted;

    SendLane(SendPacing pacing, TokenBucket bucket) {
        this.pacing = pacing;
        this.bucket = bucket;
    }

    /**
     * Takes a place at the end of the line.
     *
     * @throws RateLimitedException the line is full
     */
    long enter() {
        lock.lock();
        try {
            if (line.size() >= pacing.queueCapacity()) {
                // with pacing, the line empties at the refill rate; without, sends take about a second each
                Duration wait = pacing.enabled() ? pacing.interval().multipliedBy(line.size() - pacing.burst() + 1L)
                        : Duration.ofSeconds(1);
                throw new RateLimitedException(RateLimitedException.TOO_MANY_REQUESTS + ": the device's send queue"
                        + " is full (" + line.size() + " sends waiting)", wait.isNegative() ? Duration.ZERO : wait,
                        Map.of());
            }
            long ticket = accepted++;
            line.addLast(ticket);
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /** With pacing on, waits until {@code ticket} is first in line and then for a token; at once otherwise. */
    void awaitTurn(long ticket) throws InterruptedException {
        if (!pacing.enabled()) {
            return;
        }
        lock.lockInterruptibly();
        try {
            while (line.peekFirst() != ticket) {
                moved.await();
            }
        } finally {
            lock.unlock();
        }
        bucket.take();
    }

    /** Leaves the line (done, failed or given up), letting the next one go. */
    void leave(long ticket) {
        lock.lock();
        try {
            line.remove(ticket);
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean paced() {
        return pacing.enabled();
    }

    QueueDepth depth() {
        lock.lock();
        try {
            return new QueueDepth(line.size(), pacing.queueCapacity(), accepted, pacing.enabled());
        } finally {
            lock.unlock();
        }
    }
}
