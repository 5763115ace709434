package dev.wagateway.protocol.signal;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-address mutual exclusion for Signal state: two operations on the same session (or the same group sender) run
 * one after the other, operations on different addresses run in parallel. The locks are striped, so memory stays
 * bounded however many addresses are seen; two addresses sharing a stripe merely wait for each other.
 *
 * <p>Every builder and cipher that touches the same stores must share one instance.
 */
public final class SignalLocks {

    /** Enough stripes that unrelated chats rarely wait for each other on a gateway with many sessions. */
    public static final int DEFAULT_STRIPES = 256;

    private final ReentrantLock[] stripes;
    private final int mask;

    /** {@link #DEFAULT_STRIPES} stripes. */
    public SignalLocks() {
        this(DEFAULT_STRIPES);
    }

    /** {@code stripes} stripes, rounded up to a power of two (at least one). */
    public SignalLocks(int stripes) {
        if (stripes < 1 || stripes > (1 << 16)) {
            throw new IllegalArgumentException("stripes must be in 1..65536: " + stripes);
        }
        int size = Integer.highestOneBit(stripes);
        if (size < stripes) {
            size <<= 1;
        }
        this.stripes = new ReentrantLock[size];
        for (int i = 0; i < size; i++) {
            this.stripes[i] = new ReentrantLock();
        }
        this.mask = size - 1;
    }

    /**
     * Locks the stripe of {@code key} (an address or a sender-key name, compared by {@code equals}) until the returned
     * handle is closed; use it in try-with-resources.
     */
    public Held hold(Object key) {
        ReentrantLock lock = stripes[index(key)];
        lock.lock();
        return new Held(lock);
    }

    /**
     * Locks the stripes of all {@code keys} together until the returned handle is closed. Stripes are taken in one
     * global order (each once), so two callers locking overlapping sets never deadlock; a caller must not hold another
     * stripe of these locks while calling this.
     */
    public Held holdAll(Collection<?> keys) {
        int[] indexes = keys.stream().mapToInt(this::index).sorted().distinct().toArray();
        ReentrantLock[] taken = new ReentrantLock[indexes.length];
        int count = 0;
        try {
            for (int index : indexes) {
                stripes[index].lock();
                taken[count++] = stripes[index];
            }
        } catch (RuntimeException | Error e) {
            for (int i = count - 1; i >= 0; i--) {
                taken[i].unlock();
            }
            throw e;
        }
        return new Held(taken);
    }

    private int index(Object key) {
        int h = key.hashCode();
        // Spread the high bits so that keys differing only there do not all share stripe 0.
        h ^= (h >>> 16);
        h *= 0x9E3779B1;
        return (h ^ (h >>> 15)) & mask;
    }

    /** Held locks; closing releases them (once). */
    public static final class Held implements AutoCloseable {

        private final ReentrantLock[] locks;
        private boolean released;

        private Held(ReentrantLock... locks) {
            this.locks = locks;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                for (int i = locks.length - 1; i >= 0; i--) {
                    locks[i].unlock();
                }
            }
        }
    }
}
