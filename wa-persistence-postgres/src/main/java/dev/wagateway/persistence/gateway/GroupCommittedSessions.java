package dev.wagateway.persistence.gateway;

import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.persistence.protocol.SessionRows;
import dev.wagateway.persistence.protocol.SessionWriter;
import org.jdbi.v3.core.Jdbi;

/**
 * The Signal session writes of every device (the ratchet step of each send, the session of each decryption) with
 * group commit (a {@link GroupCommitQueue}): the writes queued while one batch commits are upserted together as one
 * JDBC batch in the next transaction, so the sends in flight of many devices cost one commit and one WAL flush
 * instead of one each. A caller returns only after the transaction holding its rows committed, and it holds the
 * Signal locks of those addresses until then: no ciphertext leaves before the ratchet step that made it is durable,
 * and no other send of those sessions builds on an uncommitted step.
 *
 * <p>A queue of its own, apart from the sends' message rows ({@link GroupCommittedMessages}): a send waits for its
 * session's commit while holding the locks its device's next sends wait for, so this batch carries nothing else
 * (two round trips: the upserts, the commit). Rows are written in {@link SessionRows}' order; a batch that fails is
 * written again write by write, so only the write at fault fails.
 */
final class GroupCommittedSessions implements SessionWriter, AutoCloseable {

    /** The most writes one transaction holds. */
    static final int MAX_BATCH = 256;

    private final GroupCommitQueue<SessionRows> queue;

    GroupCommittedSessions(Jdbi jdbi) {
        this.queue = new GroupCommitQueue<>("session", MAX_BATCH,
                batch -> jdbi.useTransaction(h -> SessionRows.upsert(h.getConnection(), batch)));
    }

    @Override
    public void commit(SessionRows rows) {
        queue.submitAndWait(rows);
    }

    /** Batches that failed and were written one by one since the start (none when healthy). */
    long fallbacks() {
        return queue.fallbacks();
    }

    /** Batches written since the start (each one transaction, retries aside). */
    long batches() {
        return queue.batches();
    }

    /** Writes waiting for the next batch now. */
    int queued() {
        return queue.queued();
    }

    /** Stops the writer after what is queued; writes queued later fail. */
    @Override
    public void close() {
        queue.close();
    }
}
