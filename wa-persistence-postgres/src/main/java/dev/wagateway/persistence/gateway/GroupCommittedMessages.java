package dev.wagateway.persistence.gateway;

import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.message.OutgoingMessageLog;
import dev.wagateway.core.message.StatusAdvance;
import dev.wagateway.core.message.StoredMessage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The sends' pending inserts and confirmations with group commit (a {@link GroupCommitQueue}): concurrent sends queue
 * their write, and one writer runs all that waits as two JDBC batches (the inserts, the confirmations) in one
 * transaction, so N sends in flight cost three round trips and one WAL flush instead of 2N of each. A caller returns
 * only after the transaction holding its write committed (the send is still answered only after its row is durable).
 * While one batch commits the next gathers, so a lone send waits for no timer. When a batch fails, its writes are run
 * one by one, so only the write at fault fails.
 *
 * <p>The confirmations update existing rows, which the receipts' writer ({@code ReceiptBatcher}) updates too, in
 * transactions of its own: both lock the rows of a batch in {@link StatusAdvance#ROW_ORDER} (device, chat, message
 * id), so neither can hold a row the other waits for while waiting for one the other holds. The inserts stay in
 * arrival order (new rows: nobody else can hold their locks, and a device's sends keep their order).
 *
 * <p>The batch runs on a plain JDBC connection of the pool ({@link SendRowBatch}): JDBI's handle and bindings cost
 * more CPU per row than the statements themselves.
 */
final class GroupCommittedMessages implements OutgoingMessageLog, AutoCloseable {

    /** The most writes one transaction holds. */
    static final int MAX_BATCH = 256;

    /** The message-row lock order, as {@link StatusAdvance#ROW_ORDER}. */
    private static final Comparator<Confirm> ROW_ORDER = Comparator.comparing(Confirm::deviceId)
            .thenComparing(Confirm::chat).thenComparing(Confirm::messageId);

    /** A write waiting for its transaction. */
    private sealed interface Write {
    }

    private record Insert(StoredMessage message) implements Write {
    }

    private record Confirm(UUID deviceId, String chat, String messageId, Instant at) implements Write {
    }

    private final GroupCommitQueue<Write> queue;
    private final DataSource dataSource;

    GroupCommittedMessages(DataSource dataSource) {
        this.dataSource = dataSource;
        this.queue = new GroupCommitQueue<>("message", MAX_BATCH, this::commit);
    }

    @Override
    public void insertPending(StoredMessage message) {
        queue.submitAndWait(new Insert(message));
    }

    @Override
    public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
        queue.submitAndWait(new Confirm(deviceId, chat, messageId, serverTimestamp));
    }

    /** Batches that failed and were written one by one since the start (none when healthy). */
    long fallbacks() {
        return queue.fallbacks();
    }

    /**
     * Writes {@code writes} in one transaction and commits it.
     *
     * @throws IllegalStateException it did not commit (nothing of it stays); the driver's exception is the cause, so
     *                               a pool timeout still reads as "database busy"
     */
    private void commit(List<Write> writes) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                apply(connection, writes);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            // the pool puts the connection back in auto-commit when it is returned
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + writes.size() + " sent message write(s), SQL state "
                    + e.getSQLState(), e);
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The inserts first: a confirmation in the same batch may name a message inserted by an earlier call. */
    private static void apply(Connection connection, List<Write> writes) throws SQLException {
        List<StoredMessage> inserts = new ArrayList<>();
        List<Confirm> confirms = new ArrayList<>();
        for (Write write : writes) {
            switch (write) {
                case Insert insert -> inserts.add(insert.message());
                case Confirm confirm -> confirms.add(confirm);
            }
        }
        // two confirmations of one row (a retried send) keep their order: the sort is stable
        confirms.sort(ROW_ORDER);
        SendRowBatch.write(connection, inserts, confirms.stream().map(confirm -> new SendRowBatch.Confirmation(
                confirm.deviceId(), confirm.chat(), confirm.messageId(), confirm.at())).toList());
    }

    /** Stops the writer after what is queued; writes queued later fail. */
    @Override
    public void close() {
        queue.close();
    }
}
