package dev.wagateway.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this node holds of one API key's quota: the live reservation (if any), how much of it was used and when last.
 * Its lock is held while a reservation is settled and the next one is asked for (I/O under a lock of its own, so
 * one node asks the database once per key at a time, however many sends wait).
 */
final class KeyAllowance {

    /** The open reservation: {@code granted} sends counted in the database, {@code used} of them made. */
    record Held(long id, int granted, int used, Instant reservedAt, Instant lastUse) {

        boolean hasRoom(Instant now, Duration life) {
            return used < granted && now.isBefore(reservedAt.plus(life));
        }

        Held take(Instant now) {
            return new Held(id, granted, used + 1, reservedAt, now);
        }
    }

    final ReentrantLock lock = new ReentrantLock();
    /** The key's limit as last read, guarded by {@link #lock}. */
    int limit;
    /** Written under {@link #lock}; read without it only to skip keys with nothing open. */
    volatile Optional<Held> held = Optional.empty();

    KeyAllowance(int limit) {
        this.limit = limit;
    }
}
