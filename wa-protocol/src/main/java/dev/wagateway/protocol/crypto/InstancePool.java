package dev.wagateway.protocol.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small bounded pool of JCE engines ({@code Cipher}, {@code Mac}) of one algorithm. Looking one up costs a provider
 * search and several kB of allocation (JFR: about 10 kB and 2% of the gateway's CPU samples per send, docs/benchmarks.md
 * "perfgw"), and a per-thread cache would be per send with virtual threads. An engine is owned by one caller between
 * {@link #take()} and {@link #give(Object)}; the caller re-initialises it with its key, so nothing leaks between uses.
 * When the pool is empty a new engine is made; when it is full a returned one is dropped.
 */
final class InstancePool<T> {

    /** Makes a new engine. */
    @FunctionalInterface
    interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    private final ArrayBlockingQueue<T> idle;
    private final Factory<T> factory;

    InstancePool(int capacity, Factory<T> factory) {
        this.idle = new ArrayBlockingQueue<>(capacity);
        this.factory = factory;
    }

    /** An idle engine, or a new one when none is idle. */
    T take() throws GeneralSecurityException {
        T engine = idle.poll();
        return engine != null ? engine : factory.create();
    }

    /** Gives back an engine after a use that completed; one that failed midway is not given back. */
    void give(T engine) {
        idle.offer(engine);
    }
}
