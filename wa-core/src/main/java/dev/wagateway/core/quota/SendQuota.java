package dev.wagateway.core.quota;

import dev.wagateway.core.error.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A customer's {@code rate_limit_per_hour} (api.md §3.2, enforced here though the original only stored it): the
 * sends of all the devices of one API key in any rolling hour. A send over it is refused with a 429
 * {@code Too many requests}, {@code Retry-After} and the quota in {@code X-RateLimit-*} headers; nothing is sent.
 *
 * <p>The count lives in the database, shared by every node, but a send does not go there each time: a node reserves
 * a block of a key's sends ({@link #blockFor 1% of the limit}, 1 to {@value #MAX_BLOCK}) in one statement and hands
 * them out from memory, and settles the block (the sends really made, stamped with the last one's time) once it is
 * used up or {@link #RESERVATION_LIFE} old. The bounds this keeps, across any number of nodes: the limit is never
 * exceeded (a live block counts in full, a settled one counts each send from no earlier than it was made); a key may
 * be refused early by at most the unused part of the other nodes' live blocks, for at most
 * {@link #RESERVATION_LIFE}, or for the hour when a node dies holding one; a changed limit applies from the next
 * block (within {@link #RESERVATION_LIFE}). A limit under 200 reserves one send at a time, exactly as before.
 */
public final class SendQuota {

    private static final Logger log = LoggerFactory.getLogger(SendQuota.class);

    /** The rolling window the quota counts in. */
    public static final Duration WINDOW = Duration.ofHours(1);
    /** How long a reserved block serves before what it did not use is given back. */
    public static final Duration RESERVATION_LIFE = Duration.ofSeconds(1);
    /** The largest block reserved at once. */
    static final int MAX_BLOCK = 256;

    private final SendQuotaRepository repository;
    private final Clock clock;
    private final Map<UUID, Integer> keyOfDevice = new ConcurrentHashMap<>();
    private final Map<Integer, KeyAllowance> allowances = new ConcurrentHashMap<>();

    public SendQuota(SendQuotaRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Counts one send of the device against its key's quota.
     *
     * @throws RateLimitedException the key sent its {@code rate_limit_per_hour} in the last hour
     */
    public void admit(UUID deviceId) {
        Instant now = clock.instant();
        Integer known = keyOfDevice.get(deviceId);
        KeyAllowance allowance = known == null ? null : allowances.get(known);
        if (allowance == null) {
            // the device's key is not known yet: the first reservation tells it
            reserveFirst(deviceId, now);
            return;
        }
        allowance.lock.lock();
        try {
            if (allowance.held.filter(held -> held.hasRoom(now, RESERVATION_LIFE)).isPresent()) {
                allowance.held = allowance.held.map(held -> held.take(now));
                return;
            }
            settle(allowance);
            QuotaReservation reservation = repository.reserve(deviceId, now, WINDOW, blockFor(allowance.limit));
            switch (reservation) {
                case QuotaReservation.Granted granted -> {
                    allowance.limit = granted.limit();
                    allowance.held = Optional.of(new KeyAllowance.Held(granted.id(), granted.granted(), 1,
                            now, now));
                }
                case QuotaReservation.Exhausted exhausted -> {
                    allowance.limit = exhausted.limit();
                    throw exhausted(now, exhausted);
                }
                case QuotaReservation.NoKey ignored -> keyOfDevice.remove(deviceId);
            }
        } finally {
            allowance.lock.unlock();
        }
    }

    /** Gives back what blocks older than {@link #RESERVATION_LIFE} did not use (called about once a second). */
    public void settleExpired() {
        Instant now = clock.instant();
        for (KeyAllowance allowance : allowances.values()) {
            if (allowance.held.isEmpty() || !allowance.lock.tryLock()) {
                continue; // a send holding the lock settles it itself when it is due
            }
            try {
                if (allowance.held.filter(held -> !held.hasRoom(now, RESERVATION_LIFE)).isPresent()) {
                    settle(allowance);
                }
            } finally {
                allowance.lock.unlock();
            }
        }
    }

    /** Settles every open block (at shutdown: the unused sends are given back to the other nodes at once). */
    public void settleAll() {
        for (KeyAllowance allowance : allowances.values()) {
            allowance.lock.lock();
            try {
                settle(allowance);
            } finally {
                allowance.lock.unlock();
            }
        }
    }

    /** The block reserved at once for a key with this limit: 1% of it, 1 to {@value #MAX_BLOCK}. */
    static int blockFor(int limit) {
        return Math.max(1, Math.min(MAX_BLOCK, limit / 100));
    }

    private void reserveFirst(UUID deviceId, Instant now) {
        switch (repository.reserve(deviceId, now, WINDOW, 1)) {
            case QuotaReservation.Granted granted -> {
                // one send reserved and made at once: its row is already exact and needs no settlement
                keyOfDevice.put(deviceId, granted.keyId());
                allowances.computeIfAbsent(granted.keyId(), key -> new KeyAllowance(granted.limit()));
            }
            case QuotaReservation.Exhausted exhausted -> {
                keyOfDevice.put(deviceId, exhausted.keyId());
                allowances.computeIfAbsent(exhausted.keyId(), key -> new KeyAllowance(exhausted.limit()));
                throw exhausted(now, exhausted);
            }
            case QuotaReservation.NoKey ignored -> {
                // the device is going away: nothing to count against (its send fails further on)
            }
        }
    }

    /** Settles the allowance's open block, if any; the caller holds its lock. */
    private void settle(KeyAllowance allowance) {
        KeyAllowance.Held held = allowance.held.orElse(null);
        allowance.held = Optional.empty();
        if (held == null || (held.granted() == 1 && held.used() == 1)) {
            return; // a block of one made at its reservation's instant is exact as it stands
        }
        try {
            repository.settle(held.id(), held.used(), held.lastUse());
        } catch (RuntimeException e) {
            // the block keeps counting in full: sends refused early for the hour, never too many admitted
            log.warn("quota reservation {} not settled ({} of {} used): {}", held.id(), held.used(), held.granted(),
                    e.getMessage());
        }
    }

    private static RateLimitedException exhausted(Instant now, QuotaReservation.Exhausted exhausted) {
        Duration wait = Duration.between(now, exhausted.freesAt());
        return new RateLimitedException(RateLimitedException.TOO_MANY_REQUESTS,
                wait.isNegative() ? Duration.ZERO : wait,
                Map.of("X-RateLimit-Limit", Integer.toString(exhausted.limit()), "X-RateLimit-Remaining", "0",
                        "X-RateLimit-Reset", Long.toString(exhausted.freesAt().getEpochSecond() + 1)));
    }
}
