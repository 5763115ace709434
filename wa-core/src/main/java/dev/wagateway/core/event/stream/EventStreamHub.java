package dev.wagateway.core.event.stream;

import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.event.StoredEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live side of the event stream: one reader follows the durable event log (woken after each commit, and every
 * poll interval for events other nodes wrote) and hands each new event to the subscriptions that want it, never
 * waiting for one. Ids are taken in insertion order but commit in any order, so a missing id holds the stream back
 * until it appears or {@code gapWait} passed (its transaction rolled back): a consumer that resumes after an id never
 * misses a smaller one committed late.
 *
 * <p>Owner of its reader thread; {@link #close()} stops it and ends every subscription.
 */
public final class EventStreamHub implements AutoCloseable {

    private static final int PAGE = 500;
    private static final Duration GAP_RETRY = Duration.ofMillis(50);

    private final EventLogRepository log;
    private final int bufferPerSubscriber;
    private final Duration pollInterval;
    private final Duration gapWait;
    private final Clock clock;
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final ReentrantLock lock = new ReentrantLock();
    private long cursor;
    private long gapAt = -1;
    private Instant gapSince;
    private volatile boolean running;
    private Thread reader;

    /**
     * @param bufferPerSubscriber live events a subscription may hold unsent before it is ended
     * @param pollInterval        how often the log is read without a wake-up
     * @param gapWait             how long a missing id holds the stream back
     */
    public EventStreamHub(EventLogRepository log, int bufferPerSubscriber, Duration pollInterval, Duration gapWait,
                          Clock clock) {
        this.log = log;
        this.bufferPerSubscriber = bufferPerSubscriber;
        this.pollInterval = pollInterval;
        this.gapWait = gapWait;
        this.clock = clock;
    }

    /** Starts following the log from its current end. */
    public void start() {
        cursor = log.lastId();
        running = true;
        reader = Thread.ofVirtual().name("event-stream").start(this::follow);
    }

    /** Tells the reader new events may have committed; never blocks. */
    public void wake() {
        if (!subscriptions.isEmpty() && wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /**
     * A new subscription to the events {@code filter} admits: the stored ones after {@code resumeAfter} first (when
     * given), then live ones; without {@code resumeAfter}, only events stored after this call.
     */
    public EventSubscription subscribe(EventFilter filter, OptionalLong resumeAfter) {
        // The reader lags the log (it polls, is woken only while someone listens, and a gap holds it back): what was
        // stored before a consumer without Last-Event-ID arrived is not "live" for it. Handed out as live, that
        // backlog came as one burst, and a burst larger than the buffer ended the new stream at once.
        long storedBefore = resumeAfter.isPresent() ? 0 : log.lastId();
        lock.lock();
        try {
            EventSubscription subscription = new EventSubscription(this, log, filter,
                    resumeAfter.orElse(cursor), cursor, Math.max(cursor, storedBefore), bufferPerSubscriber);
            subscriptions.add(subscription);
            if (!running) {
                subscription.end("the gateway is stopping");
            }
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    /** How many consumers are subscribed. */
    public int subscribers() {
        return subscriptions.size();
    }

    void unsubscribe(EventSubscription subscription) {
        subscriptions.remove(subscription);
    }

    private void follow() {
        Duration wait = pollInterval;
        while (running) {
            try {
                if (!wait.isZero() && wakeups.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
                wait = readNew();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database may be briefly unreachable: try again at the next interval
                wait = pollInterval;
            }
        }
    }

    /** Hands out the events after the cursor; returns how long to wait before reading again. */
    private Duration readNew() {
        List<StoredEvent> page = log.after(cursor, Optional.empty(), PAGE);
        lock.lock();
        try {
            for (StoredEvent event : page) {
                if (event.id() != cursor + 1 && !gapExpired(cursor + 1)) {
                    return GAP_RETRY;
                }
                gapAt = -1;
                cursor = event.id();
                for (EventSubscription subscription : subscriptions) {
                    if (!subscription.offer(event)) {
                        subscriptions.remove(subscription);
                    }
                }
            }
            return page.size() == PAGE ? Duration.ZERO : pollInterval;
        } finally {
            lock.unlock();
        }
    }

    private boolean gapExpired(long missing) {
        Instant now = clock.instant();
        if (gapAt != missing) {
            gapAt = missing;
            gapSince = now;
        }
        return !now.isBefore(gapSince.plus(gapWait));
    }

    @Override
    public void close() {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
        lock.lock();
        try {
            subscriptions.forEach(subscription -> subscription.end("the gateway is stopping"));
            subscriptions.clear();
        } finally {
            lock.unlock();
        }
    }
}
