package dev.wagateway.persistence.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Where the claims' index scans start (migration V410): per webhook, a due time below which no live due row can be,
 * learnt from the claim before. Without it every claim started at the beginning of each webhook's range, behind the
 * dead versions of every row delivered since another session took a snapshot, and the outbox fell 30 s behind
 * under a {@code pg_dump} at 1,000 deliveries/s (docs/benchmarks.md, "a snapshot held").
 *
 * <p>After a claim at {@code now}, a webhook's floor is the earliest due time the claim saw for it (its first claimed
 * row's, or the oldest it left due), and never later than {@code now} less {@link #MARGIN}; a webhook the claim did
 * not come across gets {@code now} less the margin: a row that becomes due later is due at or after the moment it
 * does (see the migration), and the margin covers a transaction that stamped its row's time and commits a little
 * later. A row that committed later still (a stalled writer) is behind the floor: every {@link #WIDE_CLAIM_EVERY}
 * a claim reads from {@link #WIDE_MARGIN} back at least, and every {@link #FULL_CLAIM_EVERY} one reads without
 * floors, and finds it; so do the first claim and one whose {@code now} is earlier than the one learnt from (a clock
 * set back). Not every few seconds from the start: under a snapshot held for minutes that claim would read every
 * dead version since, while the other claims wait for it.
 *
 * <p>Thread-safe: the claiming loop and the settlement writer both claim; claims take turns in the database, and
 * floors learnt from an earlier claim stay true, so the order in which two claims' answers are learnt does not
 * matter.
 */
final class ClaimFloors {

    /**
     * How late a writer's commit may follow the time it stamped on its row and still be found at once. More than
     * the second a settlement takes off a released row's due time (V410), so such a row is never behind a floor.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);
    /** How often a claim reads from {@link #WIDE_MARGIN} back, for rows committed later than {@link #MARGIN}. */
    static final Duration WIDE_CLAIM_EVERY = Duration.ofSeconds(5);
    /** How far back that claim reads at least: more than any transaction of the gateway lasts. */
    static final Duration WIDE_MARGIN = Duration.ofMinutes(1);
    /** How often a claim reads without floors, for a row committed later than even {@link #WIDE_MARGIN}. */
    static final Duration FULL_CLAIM_EVERY = Duration.ofMinutes(5);

    /**
     * What one claim reads from.
     *
     * @param now    the claim's time
     * @param hooks  webhooks with a floor of their own
     * @param floors their floors, in the same order
     * @param others the floor of every other webhook; {@link Instant#MIN} for a claim without floors
     */
    record Plan(Instant now, long[] hooks, Instant[] floors, Instant others) {

        boolean full() {
            return others.equals(Instant.MIN);
        }
    }

    /** What a claim told about one webhook: a claimed row's due time, or the oldest left due (null: none). */
    record Seen(long webhookId, Instant due) {
    }

    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<Long, Instant> floors = Map.of();
    private Instant others;
    private Instant learntAt;
    private long lastWideClaim;
    private long lastFullClaim;

    /** @param nanoTime the monotonic clock that times the claims without floors */
    ClaimFloors(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The floors for a claim at {@code now}, or none when it is time for a full claim. */
    Plan plan(Instant now) {
        lock.lock();
        try {
            long at = nanoTime.getAsLong();
            if (others == null || now.isBefore(learntAt) || at - lastFullClaim >= FULL_CLAIM_EVERY.toNanos()) {
                lastFullClaim = at;
                lastWideClaim = at;
                return new Plan(now, new long[0], new Instant[0], Instant.MIN);
            }
            // a wide claim lowers every floor to WIDE_MARGIN back (lowering a floor is always safe; dropping a
            // webhook's older floor would hide its backlog from this claim and from the floors it teaches)
            Instant ceiling = Instant.MAX;
            if (at - lastWideClaim >= WIDE_CLAIM_EVERY.toNanos()) {
                lastWideClaim = at;
                ceiling = now.minus(WIDE_MARGIN);
            }
            long[] hooks = new long[floors.size()];
            Instant[] dues = new Instant[floors.size()];
            int i = 0;
            for (Map.Entry<Long, Instant> floor : floors.entrySet()) {
                hooks[i] = floor.getKey();
                dues[i++] = earlier(floor.getValue(), ceiling);
            }
            return new Plan(now, hooks, dues, earlier(others, ceiling));
        } finally {
            lock.unlock();
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Learns the floors from what the claim planned by {@code plan} saw. */
    void learn(Plan plan, List<Seen> seen) {
        Instant latest = plan.now().minus(MARGIN);
        Map<Long, Instant> learnt = new HashMap<>();
        for (Seen one : seen) {
            Instant due = one.due() == null || one.due().isAfter(latest) ? latest : one.due();
            learnt.merge(one.webhookId(), due, ClaimFloors::earlier);
        }
        lock.lock();
        try {
            floors = learnt;
            others = latest;
            learntAt = plan.now();
        } finally {
            lock.unlock();
        }
    }
}
