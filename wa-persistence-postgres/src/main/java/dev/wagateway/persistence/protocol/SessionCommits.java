package dev.wagateway.persistence.protocol;

import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.message.MessageRowWriter;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.List;

/**
 * Group commit of the ratchet (session) writes of every device: writes that wait at the same moment share one
 * transaction, one WAL flush. With many devices each sending one message at a time, a device's own combining
 * ({@code CombiningEncryptor}) finds nothing to combine, and each send paid a session transaction of its own.
 *
 * <p>A caller returns only after the transaction holding its rows committed, so a ratchet state is durable before
 * any ciphertext made with it leaves. A batch that fails is retried write by write ({@link GroupCommitQueue}), so a
 * failing write fails alone.
 *
 * <p>Only for stores under no fence (a lone node). A store fenced by its node's lease commits on its own handle:
 * a shared transaction would share-lock the lease rows of several devices one after another, while the lease keeper's
 * renewal updates all of the node's lease rows in one statement in heap order; the two can wait for each other, and
 * PostgreSQL breaks that deadlock only after {@code deadlock_timeout} by failing one (a stalled batch, or a missed
 * renewal). docs/benchmarks.md (branch sessioncommit) has the details.
 */
public final class SessionCommits implements AutoCloseable {

    /** The most writes (devices' ratchet steps) one transaction holds. */
    private static final int MAX_BATCH = 128;

    /**
     * The message-row writer's shortest cycle ({@link MessageRowWriter#SHORTEST_CYCLE}, its reasons): the two writers
     * of a send share its measurements.
     */
    private static final Duration SHORTEST_CYCLE = MessageRowWriter.SHORTEST_CYCLE;

    private final Jdbi jdbi;
    private final GroupCommitQueue<SessionRows> queue;

    /**
     * Starts the writer (a virtual thread).
     *
     * @param jdbi the unfenced handles the stores use
     */
    public SessionCommits(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.queue = new GroupCommitQueue<>("session", MAX_BATCH, SHORTEST_CYCLE, this::write);
    }

    /** Commits {@code rows} in a transaction shared with the other writes waiting; returns once it committed. */
    public void commit(SessionRows rows) {
        queue.submitAndWait(rows);
    }

    /** How many transactions the writer ran (retries aside): commits divided by this is the sharing. */
    public long batches() {
        return queue.batches();
    }

    /** How many writes wait for the writer now (not those of the transaction under way). */
    public int queued() {
        return queue.queued();
    }

    /** How many batches failed and were retried write by write. */
    public long fallbacks() {
        return queue.fallbacks();
    }

    private void write(List<SessionRows> batch) {
        PostgresSignalStores.commitAlone(jdbi, batch);
    }

    /** Whether the writer has ended (after {@link #close()}). */
    public boolean stopped() {
        return queue.stopped();
    }

    /**
     * Stops the writer once it wrote what was queued and waits for it to end; later commits fail at once with an
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        queue.close();
    }
}
