package dev.wagateway.protocol.pairing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Shows the QR refs of one {@code pair-device} in turn (protocol §4.2): the first for the first timeout, each later
 * one for the next timeout; when the last has expired, gives up. However many refs the server sent.
 */
public final class QrRotation {

    private final List<String> qrTexts;
    private final Duration first;
    private final Duration next;
    private final ScheduledExecutorService scheduler;
    private final BiConsumer<String, Duration> show;
    private final Runnable exhausted;
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledFuture<?> timer;
    private int shown;
    private boolean stopped;

    /**
     * @param qrTexts   the QR texts, one per ref, in order
     * @param show      called with each text and how long it is valid
     * @param exhausted called once when the last code expired
     */
    public QrRotation(List<String> qrTexts, Duration first, Duration next, ScheduledExecutorService scheduler,
               BiConsumer<String, Duration> show, Runnable exhausted) {
        this.qrTexts = List.copyOf(qrTexts);
        this.first = first;
        this.next = next;
        this.scheduler = scheduler;
        this.show = show;
        this.exhausted = exhausted;
    }

    /** Shows the first code. */
    public void start() {
        advance();
    }

    /** Stops showing codes (paired, or the connection ended); nothing more is called. */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }

    private void advance() {
        String text = null;
        Duration validity = null;
        boolean giveUp = false;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            if (shown >= qrTexts.size()) {
                stopped = true;
                giveUp = true;
            } else {
                text = qrTexts.get(shown);
                validity = shown == 0 ? first : next;
                shown++;
                timer = scheduler.schedule(() -> Thread.ofVirtual().start(this::advance), validity.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        if (giveUp) {
            exhausted.run();
        } else {
            show.accept(text, validity);
        }
    }
}
