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
 * them out from memory. Once the block is used up or {@link #lifeOf its life} old, the key's next send settles it
 * (the sends really made, stamped with the last one's time) in the same statement that reserves the next block; the
 * block of a key that stopped sending is settled by {@link #settleExpired} once {@link #IDLE_SETTLEMENT} old. Keys
 * renewing at the same moment share a transaction ({@link QuotaRenewals}). The bounds this keeps, across any number
 * of nodes: the limit is never exceeded (a live block counts in full, a settled one counts each send from no earlier
 * than it was made); a key may be refused early by at most the unused part of the other nodes' live blocks, for at
 * most {@link #IDLE_SETTLEMENT}, or for the hour when a node dies holding one or the database loses a settlement in a
 * crash (settlements do not wait for the disk); a changed limit applies from the next block (within
 * {@link #RESERVATION_LIFE} of a sending key). A limit under 200 reserves one send at a time.
 */
public final class SendQuota implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SendQuota.class);

    /** The rolling window the quota counts in. */
    public static final Duration WINDOW = Duration.ofHours(1);
    /**
     * How long a reserved block serves; a send after that settles it and reserves the next. A key that does not use
     * up its block pays one reservation, a transaction waiting for a WAL flush, per life: with a life of a second, a
     * key sending once a second (1,000 devices of 1,000 keys, each at 1/s: issue #20) paid one with every send, the
     * most expensive statement of the send path (docs/benchmarks.md, branch dev1000c). Ten seconds cut that to one
     * send in ten; what it widens is how long another node's unused block may refuse a key early and how soon a
     * changed limit applies, both seconds against a window of an hour.
     */
    public static final Duration RESERVATION_LIFE = Duration.ofSeconds(10);
    /**
     * How much shorter than {@link #RESERVATION_LIFE} a block may live ({@link #lifeOf}): keys that started sending
     * together (a restart, a campaign) would otherwise renew together, every life, for as long as they send. At
     * 1,000 keys each sending once a second, that was up to 1,000 reservations in one second every ten, each a
     * transaction waiting for a WAL flush while its send waited: the 1,000-device benchmark's worst seconds
     * (docs/benchmarks.md, "the quota's renewal waves"). Lives spread over half the life scatter the waves within a
     * few renewals, for about a third more reservations.
     */
    static final Duration LIFE_SPREAD = RESERVATION_LIFE.dividedBy(2);
    /**
     * How old a block gets before the background gives back what it did not use: a second after the longest life, so
     * that a key still sending (about once a second, or faster) finds its block expired and settles it with its next
     * reservation, rather than the background settling it first and that send paying a transaction of its own.
     */
    public static final Duration IDLE_SETTLEMENT = RESERVATION_LIFE.plusSeconds(1);
    /** The largest block reserved at once. */
    static final int MAX_BLOCK = 256;

    private final SendQuotaRepository repository;
    /** Reservations of keys that renew at the same moment, committed together. */
    private final QuotaRenewals renewals;
    private final Clock clock;
    private final Map<UUID, Integer> keyOfDevice = new ConcurrentHashMap<>();
    private final Map<Integer, KeyAllowance> allowances = new ConcurrentHashMap<>();

    /** Starts the reservations' writer (a virtual thread; {@link #close()} stops it). */
    public SendQuota(SendQuotaRepository repository, Clock clock) {
        this.repository = repository;
        this.renewals = new QuotaRenewals(repository);
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
            if (allowance.held.filter(held -> held.hasRoom(now, lifeOf(held.id()))).isPresent()) {
                allowance.held = allowance.held.map(held -> held.take(now));
                return;
            }
            // the block is used up or expired: settled in the statement that reserves the next one
            Optional<SendQuotaRepository.Settlement> settling = allowance.held.flatMap(SendQuota::settlement);
            allowance.held = Optional.empty();
            int wanted = blockFor(allowance.limit);
            QuotaReservation reservation = renewals.reserve(new SendQuotaRepository.Renewal(known, settling,
                    deviceId, now, WINDOW, wanted));
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

    /**
     * Gives back what blocks older than {@link #IDLE_SETTLEMENT} did not use (called about twice a second): those of
     * keys that stopped sending. A key still sending settles its block itself, in the statement that reserves its
     * next one, once the block is used up or {@link #RESERVATION_LIFE} old.
     */
    public void settleExpired() {
        Instant now = clock.instant();
        for (KeyAllowance allowance : allowances.values()) {
            if (allowance.held.isEmpty() || !allowance.lock.tryLock()) {
                continue; // a send holding the lock settles it itself when it is due
            }
            try {
                if (allowance.held.filter(held -> !held.hasRoom(now, IDLE_SETTLEMENT)).isPresent()) {
                    settle(allowance);
                }
            } finally {
                allowance.lock.unlock();
            }
        }
    }

    /**
     * Settles every open block and stops the reservations' writer (at shutdown, once no send is admitted any more:
     * the unused sends are given back to the other nodes at once; a later send is refused by an
     * {@link IllegalStateException}).
     */
    @Override
    public void close() {
        settleAll();
        renewals.close();
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

    /**
     * How long the block reserved as {@code reservationId} serves: {@link #RESERVATION_LIFE} less a share of
     * {@link #LIFE_SPREAD} taken from the id (a multiplicative hash: consecutive ids land far apart), so that
     * the blocks of keys reserved in the same moment expire at different ones. Derived, not drawn, so that a block's
     * life is the same every time it is asked for, and a test can know it.
     */
    public static Duration lifeOf(long reservationId) {
        long spreadMillis = LIFE_SPREAD.toMillis();
        long scatter = (reservationId * 0x9E3779B97F4A7C15L) >>> 32; // the high bits of a Fibonacci hash
        return RESERVATION_LIFE.minusMillis(scatter % (spreadMillis + 1));
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

    /** What settling {@code held} must store; none for a block of one made at its reservation's instant. */
    private static Optional<SendQuotaRepository.Settlement> settlement(KeyAllowance.Held held) {
        if (held.granted() == 1 && held.used() == 1) {
            return Optional.empty(); // exact as it stands
        }
        return Optional.of(new SendQuotaRepository.Settlement(held.id(), held.used(), held.lastUse()));
    }

    /** Settles the allowance's open block, if any, on its own; the caller holds its lock. */
    private void settle(KeyAllowance allowance) {
        KeyAllowance.Held held = allowance.held.orElse(null);
        allowance.held = Optional.empty();
        if (held == null || settlement(held).isEmpty()) {
            return;
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
