package dev.wagateway.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ordered lane per simulated phone: the stanzas delivered to a phone are handled one after the other, in the
 * order they were delivered, on a virtual thread that exists only while the lane has work (an idle phone holds no
 * thread). Tasks must not wait for work of the same lane.
 */
final class PhoneLanes {

    private static final Logger log = LoggerFactory.getLogger(PhoneLanes.class);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code task} on the lane of {@code phone}, after what was given to it before. */
    void run(String phone, Runnable task) {
        lanes.computeIfAbsent(phone, Lane::new).submit(task);
    }

    /** Stanzas given to the phones and not yet handled (waiting in their lanes or being handled). */
    long backlog() {
        return lanes.values().stream().mapToLong(Lane::backlog).sum();
    }

    private static final class Lane {

        private final String phone;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean draining;

        Lane(String phone) {
            this.phone = phone;
        }

        long backlog() {
            lock.lock();
            try {
                return queue.size() + (draining ? 1 : 0);
            } finally {
                lock.unlock();
            }
        }

        void submit(Runnable task) {
            lock.lock();
            try {
                queue.add(task);
                if (draining) {
                    return;
                }
                draining = true;
            } finally {
                lock.unlock();
            }
            Thread.ofVirtual().name("phone-" + phone).start(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable next;
                lock.lock();
                try {
                    next = queue.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.warn("phone {} failed to handle a stanza: {}", phone, e.toString(), e);
                }
            }
        }
    }
}
