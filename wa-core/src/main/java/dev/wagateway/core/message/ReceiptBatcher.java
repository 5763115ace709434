package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.ToIntFunction;

/**
 * Group commit for the receipts of every device: each receipt's work (its status update and events) waits in a
 * queue, and one writer applies all that waits in one transaction, so a burst of delivery receipts (one per message
 * sent) costs one commit instead of one each. A receipt's stage completes only after the transaction holding it
 * committed, and only then is the stanza acknowledged to the server (the durability rule is unchanged). While one
 * batch commits the next gathers, so a lone receipt waits for no timer.
 *
 * <p>When a batch fails, each of its receipts is tried again in a transaction of its own, so one bad receipt fails
 * alone (left unacknowledged: the server delivers it again).
 */
public final class ReceiptBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReceiptBatcher.class);

    /** The most receipts one transaction holds. */
    static final int MAX_BATCH = 256;

    private record Pending(ToIntFunction<Transaction> work, CompletableFuture<Void> done) {
    }

    /** Put in the queue by {@link #close}: the writer stops when it reaches it. */
    private static final Pending STOP = new Pending(tx -> 0, new CompletableFuture<>());

    private final EventRecorder recorder;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /** Starts the writer (a virtual thread). */
    public ReceiptBatcher(EventRecorder recorder) {
        this.recorder = recorder;
        Thread.ofVirtual().name("receipt-writer").start(this::run);
    }

    /**
     * Queues {@code work} (writing facts and recording events, returning the deliveries it made); the result
     * completes after its transaction committed, or fails with the reason it did not.
     */
    public CompletableFuture<Void> submit(ToIntFunction<Transaction> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the receipt writer is closed"));
            return done;
        }
        queue.add(new Pending(work, done));
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.done().completeExceptionally(
                new IllegalStateException("the receipt writer is closed")));
    }

    private void write(List<Pending> batch) {
        try {
            recorder.commit(tx -> {
                Transaction shared = new BatchTransaction(tx);
                int added = 0;
                for (Pending pending : batch) {
                    added += pending.work().applyAsInt(shared);
                }
                return added;
            });
            batch.forEach(pending -> pending.done().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            log.warn("a batch of {} receipts failed ({}): each is tried alone", batch.size(), e.getMessage());
            for (Pending pending : batch) {
                try {
                    recorder.commit(tx -> pending.work().applyAsInt(tx));
                    pending.done().complete(null);
                } catch (RuntimeException alone) {
                    pending.done().completeExceptionally(alone);
                }
            }
        }
    }

    /**
     * Stops the writer once it wrote what was queued before; receipts queued after fail (unacknowledged, the server
     * delivers them again).
     */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
    }
}
