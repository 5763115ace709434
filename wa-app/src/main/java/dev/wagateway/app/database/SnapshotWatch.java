package dev.wagateway.app.database;

import dev.wagateway.persistence.SnapshotHolder;
import dev.wagateway.persistence.SnapshotHorizon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Warns in the log when another session has held a snapshot on the gateway's database for long: a {@code pg_dump},
 * a report, a session left idle in a transaction. While it lasts no row version updated since can be removed, and
 * webhook deliveries fall behind (docs/configuration.md, "Keep long transactions off the gateway's database"); the
 * warning names the session, so an operator seeing the outbox's age grow sees why. Repeated every
 * {@code repeatEvery} while the same transaction lasts, with one line when it ends. Once, at the first check, it
 * says when the database role cannot see other roles' sessions.
 *
 * <p>{@link #check()} runs as a periodic job; the lock makes each check see what the one before remembered.
 */
public final class SnapshotWatch {

    /** Past this a snapshot is worth a warning: the gateway's own transactions last milliseconds. */
    public static final Duration WARN_AFTER = Duration.ofMinutes(1);
    /** How often a snapshot still held is warned about again. */
    public static final Duration REPEAT_EVERY = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(SnapshotWatch.class);

    private final SnapshotHorizon horizon;
    private final Duration warnAfter;
    private final Duration repeatEvery;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean privilegesChecked;
    private Warned warned;

    /** The transaction last warned about (its session and start) and when. */
    private record Warned(int pid, Instant since, Instant at) {
    }

    /**
     * @param horizon     reads the oldest snapshot
     * @param warnAfter   how long a snapshot may be held before a warning ({@link #WARN_AFTER})
     * @param repeatEvery how often the same one is warned about again ({@link #REPEAT_EVERY})
     * @param clock       when warnings were given
     */
    public SnapshotWatch(SnapshotHorizon horizon, Duration warnAfter, Duration repeatEvery, Clock clock) {
        this.horizon = horizon;
        this.warnAfter = warnAfter;
        this.repeatEvery = repeatEvery;
        this.clock = clock;
    }

    /** Looks at the oldest snapshot once and logs what changed. */
    public void check() {
        lock.lock();
        try {
            if (!privilegesChecked) {
                boolean seesEverySession = horizon.seesEverySession(); // a failed read is tried again next time
                privilegesChecked = true;
                if (!seesEverySession) {
                    log.info("The database role cannot see other roles' sessions: a long transaction of another role "
                            + "will not be named in the log (grant pg_read_all_stats to the gateway's role for that)");
                }
            }
            Optional<SnapshotHolder> held = horizon.oldestHolder()
                    .filter(holder -> holder.open().compareTo(warnAfter) >= 0);
            if (warned != null && (held.isEmpty() || !isWarned(held.get()))) {
                log.info("The transaction of database session {} that held a snapshot since {} has ended",
                        warned.pid(), warned.since());
                warned = null;
            }
            if (held.isPresent()) {
                Instant now = clock.instant();
                if (warned == null || !now.isBefore(warned.at().plus(repeatEvery))) {
                    warn(held.get());
                    warned = new Warned(held.get().pid(), held.get().since(), now);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isWarned(SnapshotHolder holder) {
        return holder.pid() == warned.pid() && holder.since().equals(warned.since());
    }

    private static void warn(SnapshotHolder holder) {
        log.warn("A transaction has held a snapshot on the gateway's database for {} s (session {}, user {}, "
                        + "application '{}', client {}, {}: {}). Until it ends no row updated since can be cleaned "
                        + "up, and webhook deliveries fall behind: keep long transactions (pg_dump, reports, "
                        + "sessions idle in a transaction) off this database (docs/configuration.md)",
                holder.open().toSeconds(), holder.pid(), holder.user(), holder.application(),
                holder.client().isEmpty() ? "local" : holder.client(), holder.state(),
                holder.query().replaceAll("\\s+", " "));
    }
}
