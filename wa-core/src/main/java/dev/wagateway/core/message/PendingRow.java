package dev.wagateway.core.message;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A send's pending row on its way to the database, and what must be durable before the message leaves: the row's
 * commit runs while the message is encrypted, and the send's own thread waits for it ({@link #awaitBeforeItLeaves})
 * just before the stanza is written. Writing the row first, as the send did before, put one group commit more in
 * every send's path.
 *
 * <p>If the row (or the caller's own record, {@code beforeSend}) cannot be stored, nothing leaves: the wait throws,
 * and {@link #notStored} gives the send the original error, as when the row was written first.
 */
final class PendingRow {

    private final CompletableFuture<Void> committed;
    private final StoredMessage message;
    private final Consumer<StoredMessage> beforeSend;
    /** Set by the send's thread when the wait failed; read by the caller after the send's future ended. */
    private volatile RuntimeException failed;

    /**
     * @param committed  completes once the row is committed, or fails with the reason it was not
     * @param message    the row
     * @param beforeSend told the message once it is stored and before it leaves (a poll keeps its secret)
     */
    PendingRow(CompletableFuture<Void> committed, StoredMessage message, Consumer<StoredMessage> beforeSend) {
        this.committed = committed;
        this.message = message;
        this.beforeSend = beforeSend;
    }

    /** Waits for the row's commit, then tells {@code beforeSend}; throws (and nothing may leave) when either fails. */
    void awaitBeforeItLeaves() {
        try {
            committed.join();
            beforeSend.accept(message);
        } catch (CompletionException e) {
            failed = unwrapped(e);
            throw failed;
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        }
    }

    /**
     * After a failed send: the error that kept the row (or the caller's record) from being stored, if that is why it
     * failed. When the send failed before it came to wait, this waits for the row's commit, so that whatever the
     * caller writes to the row next (marking it failed) comes after it.
     */
    Optional<RuntimeException> notStored() {
        if (failed != null) {
            return Optional.of(failed);
        }
        try {
            committed.join();
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(unwrapped(e));
        }
    }

    private static RuntimeException unwrapped(CompletionException e) {
        return switch (e.getCause()) {
            case RuntimeException cause -> cause;
            case Error error -> throw error;
            case null, default -> e;
        };
    }
}
