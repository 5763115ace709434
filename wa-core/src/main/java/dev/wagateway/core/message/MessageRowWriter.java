package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.transaction.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * Group commit of every write the send path makes to message rows, for every device (a {@link GroupCommitQueue}):
 * the sends' pending inserts and the server's acks ({@link OutgoingMessageLog}), and the incoming receipts (their
 * status updates and events). Whatever their kind or device, the writes that wait at the same moment share one
 * transaction and one WAL flush; a send's ack and its delivery receipt then never wait for each other's commit on
 * the same row (as they did from two writers), and when they meet in one batch they are one statement.
 *
 * <p>Each write's caller learns of it only after the transaction holding it committed: a send is answered only
 * after its pending row (before it leaves) and its confirmation are durable, and a receipt is acknowledged to the
 * server only after its status and events are. While one batch commits the next gathers, so a lone write waits for
 * no timer. When a batch fails, each of its writes is tried again in a transaction of its own, so one bad write
 * fails alone (a receipt left unacknowledged is delivered again by the server).
 *
 * <p>In a batch the pending inserts come first, in arrival order (a device's sends keep their order; an ack or a
 * receipt in the same batch finds its row); then every update of an existing row (acks and receipts merged per
 * row) in {@link MessageRowUpdate#ROW_ORDER}, the one order every writer locks several message rows in, so no two
 * transactions can deadlock on them; then the receipts' events in arrival order (a device's events keep the order
 * its receipts came in), the event-log rows written as one JDBC batch and all the batch's devices' webhooks read in
 * one statement ({@link BatchTransaction}).
 */
public final class MessageRowWriter implements OutgoingMessageLog, AutoCloseable {

    /** The most writes one transaction holds. */
    static final int MAX_BATCH = 256;

    /**
     * A batch starts no sooner than this after the previous one started ({@link GroupCommitQueue}). Without it, at a
     * steady 1,000 sends/s each batch held a few writes and PostgreSQL ran 0.9 transactions (each a WAL flush) per
     * send; with 4 ms 0.47, the machine's CPU per send fell by about a fifth and p99 with it (docs/benchmarks.md,
     * 2026-12-06 23:00). At most 4 ms more for a write that comes close behind another; 8 ms left the writers a
     * serial stage with the machine idle at saturation. The send path's other writer, the ratchet commits
     * ({@code SessionCommits}), takes the same cycle.
     */
    public static final Duration SHORTEST_CYCLE = Duration.ofMillis(4);

    /** One write waiting for its transaction. */
    private sealed interface Write {
    }

    private record Insert(StoredMessage message) implements Write {
    }

    private record Confirm(MessageRowUpdate update) implements Write {
    }

    /**
     * One receipt's work: its messages moved forward to {@code status}, then {@code events} (recording the events,
     * returning the deliveries made) run in the same transaction.
     */
    public record ReceiptWrite(UUID deviceId, String chat, List<String> messageIds, MessageStatus status,
                               ToIntFunction<Transaction> events) implements Write {

        /** @throws IllegalArgumentException when a part is missing */
        public ReceiptWrite {
            if (deviceId == null || chat == null || status == null || events == null) {
                throw new IllegalArgumentException("a receipt write needs a device, chat, status and events");
            }
            messageIds = List.copyOf(messageIds);
        }
    }

    private final EventRecorder recorder;
    private final GroupCommitQueue<Write> queue;

    /** Starts the writer (a virtual thread). */
    public MessageRowWriter(EventRecorder recorder) {
        this.recorder = recorder;
        this.queue = new GroupCommitQueue<>("message-row", MAX_BATCH, SHORTEST_CYCLE, this::write);
    }

    /** Queues {@code write}; the result completes after its transaction committed, or fails with the reason. */
    public CompletableFuture<Void> submit(ReceiptWrite write) {
        return queue.submit(write);
    }

    @Override
    public CompletableFuture<Void> insertPending(StoredMessage message) {
        return queue.submit(new Insert(message));
    }

    @Override
    public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
        queue.submitAndWait(new Confirm(MessageRowUpdate.confirmation(deviceId, chat, messageId, serverTimestamp)));
    }

    /** Batches that failed and were written write by write since the start (none when healthy). */
    public long fallbacks() {
        return queue.fallbacks();
    }

    /** Batches handed to the database since the start (each one transaction, retries aside). */
    public long batches() {
        return queue.batches();
    }

    private void write(List<Write> batch) {
        List<StoredMessage> inserts = new ArrayList<>();
        List<MessageRowUpdate> updates = new ArrayList<>();
        List<ReceiptWrite> receipts = new ArrayList<>();
        for (Write write : batch) {
            switch (write) {
                case Insert insert -> inserts.add(insert.message());
                case Confirm confirm -> updates.add(confirm.update());
                case ReceiptWrite receipt -> {
                    receipts.add(receipt);
                    for (String id : receipt.messageIds()) {
                        updates.add(new MessageRowUpdate(receipt.deviceId(), receipt.chat(), id, Optional.empty(),
                                receipt.status()));
                    }
                }
            }
        }
        List<MessageRowUpdate> rows = mergedInRowOrder(updates);
        if (receipts.isEmpty()) {
            recorder.commitWithoutEvents(tx -> writeRows(tx, inserts, rows));
            return;
        }
        recorder.commit(tx -> {
            writeRows(tx, inserts, rows);
            Set<UUID> devices = new HashSet<>();
            receipts.forEach(receipt -> devices.add(receipt.deviceId()));
            BatchTransaction shared = new BatchTransaction(tx, devices);
            int added = 0;
            for (ReceiptWrite receipt : receipts) {
                added += receipt.events().applyAsInt(shared);
            }
            shared.flush();
            return added;
        });
    }

    private static void writeRows(Transaction tx, List<StoredMessage> inserts, List<MessageRowUpdate> rows) {
        if (!inserts.isEmpty()) {
            tx.messages().insertAllIfAbsent(inserts);
        }
        if (!rows.isEmpty()) {
            tx.messages().applyRowUpdates(rows);
        }
    }

    /**
     * {@code updates} sorted in {@link MessageRowUpdate#ROW_ORDER}, the updates of one row (an ack and its receipt,
     * a delivery and a read) merged into one in the order they were queued: the sort is stable.
     */
    private static List<MessageRowUpdate> mergedInRowOrder(List<MessageRowUpdate> updates) {
        if (updates.size() < 2) {
            return updates;
        }
        List<MessageRowUpdate> sorted = new ArrayList<>(updates);
        sorted.sort(MessageRowUpdate.ROW_ORDER);
        List<MessageRowUpdate> merged = new ArrayList<>(sorted.size());
        for (MessageRowUpdate update : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).sameRow(update)) {
                merged.set(last, merged.get(last).then(update));
            } else {
                merged.add(update);
            }
        }
        return merged;
    }

    /**
     * Stops the writer once it wrote what was queued before; writes queued after fail (a receipt then stays
     * unacknowledged, and the server delivers it again).
     */
    @Override
    public void close() {
        queue.close();
    }
}
