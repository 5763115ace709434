package dev.wagateway.protocol.media;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The media connections through the proxy that finished an exchange cleanly and may carry the next one to the same
 * host: opening a tunnel costs the proxy's handshake plus TLS with the media host, so a burst of transfers (a
 * retry, a redirect, the next file) reuses one. Bounded: at most {@link #MAX_PER_HOST} idle per host and
 * {@link #MAX_HOSTS} hosts; an idle connection older than {@link #MAX_IDLE} is closed instead of reused (the host
 * or the proxy may have dropped it meanwhile). Owner of the idle connections: this object, under its lock.
 */
final class IdleTunnels implements AutoCloseable {

    static final int MAX_PER_HOST = 4;
    static final int MAX_HOSTS = 16;
    static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Deque<TunnelConnection>> idle = new HashMap<>();
    private boolean closed;

    IdleTunnels(Clock clock) {
        this.clock = clock;
    }

    /** An idle connection to {@code destination} still fresh enough to reuse, if any (the newest first). */
    Optional<TunnelConnection> take(String destination) {
        List<TunnelConnection> stale = new ArrayList<>();
        try {
            lock.lock();
            try {
                Deque<TunnelConnection> waiting = idle.get(destination);
                while (waiting != null && !waiting.isEmpty()) {
                    TunnelConnection connection = waiting.pollFirst();
                    if (connection.isOpen() && connection.idleSince().plus(MAX_IDLE).isAfter(clock.instant())) {
                        return Optional.of(connection);
                    }
                    stale.add(connection);
                }
                idle.remove(destination);
                return Optional.empty();
            } finally {
                lock.unlock();
            }
        } finally {
            stale.forEach(TunnelConnection::close);
        }
    }

    /** Keeps {@code connection} for the next exchange with its host, or closes it when the pool is full. */
    void put(TunnelConnection connection) {
        TunnelConnection dropped = connection;
        lock.lock();
        try {
            Deque<TunnelConnection> waiting = idle.get(connection.destination());
            if (!closed && (waiting != null || idle.size() < MAX_HOSTS)
                    && (waiting == null || waiting.size() < MAX_PER_HOST)) {
                connection.idleFrom(clock.instant());
                idle.computeIfAbsent(connection.destination(), k -> new ArrayDeque<>()).addFirst(connection);
                dropped = null;
            }
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.close();
        }
    }

    /** How many idle connections are kept (for tests). */
    int size() {
        lock.lock();
        try {
            return idle.values().stream().mapToInt(Deque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<TunnelConnection> all = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(TunnelConnection::close);
    }
}
