package dev.wagateway.persistence.gateway;

import dev.wagateway.core.message.OutgoingMessageLog;
import dev.wagateway.core.message.StoredMessage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The sends' pending inserts and confirmations with group commit: concurrent sends queue their write, and one writer
 * runs all that waits as two JDBC batches (the inserts, the confirmations) in one transaction, so N sends in flight
 * cost three round trips and one WAL flush instead of 2N of each. A caller returns only after the transaction holding
 * its write committed (the send is still answered only after its row is durable). While one batch commits the next
 * gathers, so a lone send waits for no timer. When a batch fails, its writes are run one by one, so only the write
 * at fault fails.
 */
final class GroupCommittedMessages implements OutgoingMessageLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittedMessages.class);

    /** The most writes one transaction holds. */
    static final int MAX_BATCH = 256;

    /** A write waiting for its transaction. */
    private sealed interface Write {
        CompletableFuture<Void> done();
    }

    private record Insert(StoredMessage message, CompletableFuture<Void> done) implements Write {
    }

    private record Confirm(UUID deviceId, String chat, String messageId, Instant at, CompletableFuture<Void> done)
            implements Write {
    }

    /** Put in the queue by {@link #close}. */
    private record Stop(CompletableFuture<Void> done) implements Write {
    }

    private final Jdbi jdbi;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    GroupCommittedMessages(Jdbi jdbi) {
        this.jdbi = jdbi;
        Thread.ofVirtual().name("message-writer").start(this::run);
    }

    @Override
    public void insertPending(StoredMessage message) {
        await(new Insert(message, new CompletableFuture<>()));
    }

    @Override
    public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
        await(new Confirm(deviceId, chat, messageId, serverTimestamp, new CompletableFuture<>()));
    }

    private void await(Write write) {
        if (closed) {
            throw new IllegalStateException("the message writer is closed");
        }
        queue.add(write);
        try {
            write.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.removeIf(Stop.class::isInstance);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
        }
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(write -> write.done().completeExceptionally(
                new IllegalStateException("the message writer is closed")));
    }

    private void write(List<Write> batch) {
        try {
            jdbi.useTransaction(h -> apply(h, batch));
            batch.forEach(write -> write.done().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            log.warn("a batch of {} message writes failed ({}): each is run alone", batch.size(), e.getMessage());
            for (Write write : batch) {
                try {
                    jdbi.useTransaction(h -> apply(h, List.of(write)));
                    write.done().complete(null);
                } catch (RuntimeException alone) {
                    write.done().completeExceptionally(alone);
                }
            }
        }
    }

    /** The inserts first: a confirmation in the same batch may name a message inserted by an earlier call. */
    private static void apply(Handle h, List<Write> writes) {
        PreparedBatch inserts = null;
        PreparedBatch confirms = null;
        for (Write write : writes) {
            switch (write) {
                case Insert insert -> {
                    if (inserts == null) {
                        inserts = h.prepareBatch(PostgresMessageRepository.INSERT_IF_ABSENT);
                    }
                    PostgresMessageRepository.bind(inserts, insert.message()).add();
                }
                case Confirm confirm -> {
                    if (confirms == null) {
                        confirms = h.prepareBatch(PostgresMessageRepository.CONFIRM_SENT);
                    }
                    confirms.bind("sentAt", Rows.timestamp(confirm.at())).bind("device", confirm.deviceId())
                            .bind("chat", confirm.chat()).bind("id", confirm.messageId()).add();
                }
                case Stop ignored -> {
                }
            }
        }
        if (inserts != null) {
            inserts.execute();
        }
        if (confirms != null) {
            confirms.execute();
        }
    }

    /** Stops the writer after what is queued; writes queued later fail. */
    @Override
    public void close() {
        closed = true;
        queue.add(new Stop(new CompletableFuture<>()));
    }
}
