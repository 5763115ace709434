package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** Records a client's events and lets a test wait for the next one of a kind. */
final class EventRecorder implements WaEventListener {

    private final List<WaEvent> events = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private int consumed;

    @Override
    public CompletionStage<Void> onEvent(WaEvent event) {
        lock.lock();
        try {
            events.add(event);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Every event so far. */
    List<WaEvent> all() {
        return List.copyOf(events);
    }

    /**
     * Waits for an event of {@code type} anywhere in the record, leaving the cursor of {@link #next} where it is:
     * for a moment after which earlier events are still to be read (the first {@code Connected} after pairing
     * follows the phone's key share, history and app-state sync).
     */
    <T extends WaEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (WaEvent event : events) {
                    if (type.isInstance(event)) {
                        return type.cast(event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
                }
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next event of {@code type} after the last one returned, within {@code timeout}. */
    <T extends WaEvent> T next(Class<T> type, Duration timeout) throws InterruptedException {
        return next(type, e -> true, timeout);
    }

    /** The next event of {@code type} matching {@code filter}, after the last one returned. */
    <T extends WaEvent> T next(Class<T> type, Predicate<T> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (int i = consumed; i < events.size(); i++) {
                    WaEvent event = events.get(i);
                    if (type.isInstance(event) && filter.test(type.cast(event))) {
                        consumed = i + 1;
                        return type.cast(event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
                }
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
