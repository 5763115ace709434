package dev.wagateway.core.session;

import dev.wagateway.core.error.HandOverException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls waiting for a device's answer (a send waiting for its ack), so that a session stopped for a hand-over
 * (a give-back, a clean stop) is drained first: from the drain on, new calls for the device are refused as a
 * hand-over (503 with {@code Retry-After}: nothing went out, the next holder takes the retry), and the calls in
 * flight get their answer before the connection closes, instead of a "connection lost" that may or may not have
 * gone out. Owner of the per-device counts and the draining set; every {@link DeviceCalls} of one session manager
 * shares one.
 */
public final class CallsInFlight {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private final Map<UUID, Integer> inFlight = new HashMap<>();
    private final Set<UUID> draining = new HashSet<>();

    /** One call under way; closing it ends it. */
    public interface Entry extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Counts a call for the device until the returned entry is closed. Taken before the device's client is looked
     * up: a drain that starts afterwards waits for this call, one that started before refuses it.
     *
     * @throws HandOverException the device's session is being drained for another node
     */
    public Entry enter(UUID deviceId) {
        lock.lock();
        try {
            if (draining.contains(deviceId)) {
                throw new HandOverException("the device is changing gateway nodes; try again", 2);
            }
            inFlight.merge(deviceId, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        return () -> leave(deviceId);
    }

    private void leave(UUID deviceId) {
        lock.lock();
        try {
            if (inFlight.merge(deviceId, -1, Integer::sum) <= 0) {
                inFlight.remove(deviceId);
                ended.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new calls for the devices from now on, and waits, at most {@code atMost} for all of them together, for
     * their calls in flight to end.
     *
     * @return how many calls were still in flight when the wait ended (0 when all were answered)
     */
    public int drain(Collection<UUID> deviceIds, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        lock.lock();
        try {
            draining.addAll(deviceIds);
            while (true) {
                int left = deviceIds.stream().mapToInt(id -> inFlight.getOrDefault(id, 0)).sum();
                long wait = deadline - System.nanoTime();
                if (left == 0 || wait <= 0) {
                    return left;
                }
                ended.await(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return deviceIds.stream().mapToInt(id -> inFlight.getOrDefault(id, 0)).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Takes calls for the device again (a session of it opens here). */
    void reopen(UUID deviceId) {
        lock.lock();
        try {
            draining.remove(deviceId);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the device is being drained or was drained and not opened since. */
    boolean draining(UUID deviceId) {
        lock.lock();
        try {
            return draining.contains(deviceId);
        } finally {
            lock.unlock();
        }
    }
}
