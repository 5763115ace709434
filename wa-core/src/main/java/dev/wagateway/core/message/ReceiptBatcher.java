package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.transaction.Transaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * Group commit for the receipts of every device (a {@link GroupCommitQueue}): each receipt's work (its status
 * updates and events) waits in a queue, and one writer applies all that waits in one transaction, so a burst of
 * delivery receipts (one per message sent) costs one commit instead of one each. A receipt's stage completes only
 * after the transaction holding it committed, and only then is the stanza acknowledged to the server (the
 * durability rule is unchanged). While one batch commits the next gathers, so a lone receipt waits for no timer.
 *
 * <p>In a batch, every status update is applied first, all rows in {@link StatusAdvance#ROW_ORDER} (the order the
 * sends' confirmations lock the same rows in, so the two writers cannot deadlock), as one JDBC batch; then the
 * receipts' events are recorded in arrival order (so a device's events keep the order its receipts came in), the
 * event-log rows written as one JDBC batch and all its devices' webhooks read in one statement
 * ({@link BatchTransaction}).
 *
 * <p>When a batch fails, each of its receipts is tried again in a transaction of its own, so one bad receipt fails
 * alone (left unacknowledged: the server delivers it again).
 */
public final class ReceiptBatcher implements AutoCloseable {

    /** The most receipts one transaction holds. */
    static final int MAX_BATCH = 256;

    /**
     * One receipt's work: its messages moved forward to {@code status}, then {@code events} (recording the events,
     * returning the deliveries made) run in the same transaction.
     */
    public record ReceiptWrite(UUID deviceId, String chat, List<String> messageIds, MessageStatus status,
                               ToIntFunction<Transaction> events) {

        /** @throws IllegalArgumentException when a part is missing */
        public ReceiptWrite {
            if (deviceId == null || chat == null || status == null || events == null) {
                throw new IllegalArgumentException("a receipt write needs a device, chat, status and events");
            }
            messageIds = List.copyOf(messageIds);
        }
    }

    private final EventRecorder recorder;
    private final GroupCommitQueue<ReceiptWrite> queue;

    /** Starts the writer (a virtual thread). */
    public ReceiptBatcher(EventRecorder recorder) {
        this.recorder = recorder;
        this.queue = new GroupCommitQueue<>("receipt", MAX_BATCH, this::write);
    }

    /** Queues {@code write}; the result completes after its transaction committed, or fails with the reason. */
    public CompletableFuture<Void> submit(ReceiptWrite write) {
        return queue.submit(write);
    }

    /** Batches that failed and were written receipt by receipt since the start (none when healthy). */
    public long fallbacks() {
        return queue.fallbacks();
    }

    private void write(List<ReceiptWrite> batch) {
        recorder.commit(tx -> {
            Set<UUID> devices = new HashSet<>();
            batch.forEach(write -> devices.add(write.deviceId()));
            BatchTransaction shared = new BatchTransaction(tx, devices);
            List<StatusAdvance> advances = new ArrayList<>();
            for (ReceiptWrite write : batch) {
                for (String id : write.messageIds()) {
                    advances.add(new StatusAdvance(write.deviceId(), write.chat(), id, write.status()));
                }
            }
            // the same row named twice (delivered, then read) is updated twice: the higher status wins either way
            advances.sort(StatusAdvance.ROW_ORDER.thenComparing(advance -> advance.status().rank()));
            shared.messages().advanceStatuses(advances);
            int added = 0;
            for (ReceiptWrite write : batch) {
                added += write.events().applyAsInt(shared);
            }
            shared.flush();
            return added;
        });
    }

    /**
     * Stops the writer once it wrote what was queued before; receipts queued after fail (unacknowledged, the server
     * delivers them again).
     */
    @Override
    public void close() {
        queue.close();
    }
}
