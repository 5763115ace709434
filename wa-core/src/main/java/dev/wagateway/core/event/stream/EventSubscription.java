package dev.wagateway.core.event.stream;

import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.event.StoredEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer of the event stream. It first replays, from the log, the stored events after the id it resumes from
 * up to the stream's position when it subscribed, then takes live events from a bounded buffer. The hub never
 * waits for it: when the buffer is full the subscription ends, and {@code onEnd} is told so the transport can close
 * a connection whose writes may be blocked.
 *
 * <p>Owner of nothing; the consumer's thread calls {@link #next}, the hub calls {@link #offer}.
 */
public final class EventSubscription implements AutoCloseable {

    private static final int REPLAY_PAGE = 200;

    private final EventFilter filter;
    private final EventLogRepository log;
    private final long horizon;
    /** Live events up to this id were stored before the consumer subscribed without resuming: not for it. */
    private final long liveAfter;
    private final Deque<StoredEvent> replay = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Live events, at most {@link #capacity}; guarded by {@link #lock}. */
    private final Deque<StoredEvent> live = new ArrayDeque<>();
    /** Why the subscription ended, or null; guarded by {@link #lock}. */
    private String ended;
    private final EventStreamHub hub;
    private final int capacity;
    private volatile Runnable onEnd = () -> { };
    private long replayedUpTo;

    EventSubscription(EventStreamHub hub, EventLogRepository log, EventFilter filter, long resumeAfter, long horizon,
                      long liveAfter, int capacity) {
        this.hub = hub;
        this.log = log;
        this.filter = filter;
        this.replayedUpTo = Math.min(resumeAfter, horizon);
        this.horizon = horizon;
        this.liveAfter = liveAfter;
        this.capacity = capacity;
    }

    /** What the consumer wants. */
    public EventFilter filter() {
        return filter;
    }

    /** Runs {@code action} when the subscription is ended by the hub (at once if it already was). */
    public void onEnd(Runnable action) {
        this.onEnd = action;
        if (endReason() != null) {
            action.run();
        }
    }

    /** The next item, waiting up to {@code wait} for a live event. */
    public StreamItem next(Duration wait) throws InterruptedException {
        String reason = endReason();
        if (reason != null) {
            return new StreamItem.Ended(reason);
        }
        if (replay.isEmpty() && replayedUpTo < horizon) {
            fillReplay();
        }
        if (!replay.isEmpty()) {
            return new StreamItem.Event(replay.removeFirst());
        }
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (live.isEmpty() && ended == null && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (ended != null) {
                return new StreamItem.Ended(ended);
            }
            StoredEvent event = live.pollFirst();
            return event != null ? new StreamItem.Event(event) : new StreamItem.Idle();
        } finally {
            lock.unlock();
        }
    }

    /** Stops receiving events. */
    @Override
    public void close() {
        hub.unsubscribe(this);
    }

    /** From the hub: a live event, past the horizon; false when the buffer overflowed and the subscription ended. */
    boolean offer(StoredEvent event) {
        if (event.id() <= liveAfter || !filter.admits(event)) {
            return true;
        }
        lock.lock();
        try {
            if (ended == null && live.size() < capacity) {
                live.addLast(event);
                changed.signalAll();
                return true;
            }
        } finally {
            lock.unlock();
        }
        end("the consumer fell more than " + capacity + " events behind");
        return false;
    }

    /** From the hub: ends the subscription with {@code reason} (the first reason stays). */
    void end(String reason) {
        lock.lock();
        try {
            if (ended != null) {
                return;
            }
            ended = reason;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onEnd.run();
    }

    private String endReason() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Reads stored events up to the horizon until some pass the filter or none are left. */
    private void fillReplay() {
        while (replay.isEmpty() && replayedUpTo < horizon) {
            List<StoredEvent> page = log.after(replayedUpTo, filter.deviceId(), REPLAY_PAGE);
            for (StoredEvent event : page) {
                if (event.id() > horizon) {
                    break;
                }
                replayedUpTo = event.id();
                if (filter.admits(event)) {
                    replay.addLast(event);
                }
            }
            if (page.size() < REPLAY_PAGE || page.getLast().id() > horizon) {
                replayedUpTo = horizon; // nothing more stored up to the horizon
            }
        }
    }
}
