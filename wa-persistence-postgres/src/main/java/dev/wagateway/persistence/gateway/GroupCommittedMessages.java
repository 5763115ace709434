package dev.wagateway.persistence.gateway;

import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.message.OutgoingMessageLog;
import dev.wagateway.core.message.StatusAdvance;
import dev.wagateway.core.message.StoredMessage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    GroupCommittedMessages(Jdbi jdbi) {
        this.queue = new GroupCommitQueue<>("message", MAX_BATCH, batch -> jdbi.useTransaction(h -> apply(h, batch)));
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

    /** The inserts first: a confirmation in the same batch may name a message inserted by an earlier call. */
    private static void apply(Handle h, List<Write> writes) {
        PreparedBatch inserts = null;
        List<Confirm> confirms = new ArrayList<>();
        for (Write write : writes) {
            switch (write) {
                case Insert insert -> {
                    if (inserts == null) {
                        inserts = h.prepareBatch(PostgresMessageRepository.INSERT_IF_ABSENT);
                    }
                    // whole seconds, as the server's ack stamps the confirmation: when the ack comes within the
                    // same second, the confirmation leaves the indexed sent_at unchanged and is a HOT update
                    Instant second = insert.message().timestamp().truncatedTo(ChronoUnit.SECONDS);
                    PostgresMessageRepository.bind(inserts, insert.message())
                            .bind("sentAt", Rows.timestamp(second)).add();
                }
                case Confirm confirm -> confirms.add(confirm);
            }
        }
        if (inserts != null) {
            inserts.execute();
        }
        if (!confirms.isEmpty()) {
            // two confirmations of one row (a retried send) keep their order: the sort is stable
            confirms.sort(ROW_ORDER);
            PreparedBatch batch = h.prepareBatch(PostgresMessageRepository.CONFIRM_SENT);
            for (Confirm confirm : confirms) {
                batch.bind("sentAt", Rows.timestamp(confirm.at())).bind("device", confirm.deviceId())
                        .bind("chat", confirm.chat()).bind("id", confirm.messageId()).add();
            }
            batch.execute();
        }
    }

    /** Stops the writer after what is queued; writes queued later fail. */
    @Override
    public void close() {
        queue.close();
    }
}
