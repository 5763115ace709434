package dev.wagateway.core.message;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The two writes every send makes to the message store, apart from the rest of {@link MessageRepository} so that an
 * adapter can commit many concurrent sends' writes together (group commit).
 */
public interface OutgoingMessageLog {

    /**
     * Stores an outgoing message as {@code pending} (nothing when it is stored already). The result completes once
     * the row is committed, or fails with the reason it was not: the send waits for it only just before the message
     * leaves, so this commit runs while the message is encrypted.
     */
    CompletableFuture<Void> insertPending(StoredMessage message);

    /**
     * Marks a pending outgoing message {@code sent} at the server's {@code serverTimestamp} (a status a receipt
     * moved further on stays); committed on return.
     */
    void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp);

    /** Each write on its own, through the repository. */
    static OutgoingMessageLog of(MessageRepository messages) {
        return new OutgoingMessageLog() {
            @Override
            public CompletableFuture<Void> insertPending(StoredMessage message) {
                try {
                    messages.insertIfAbsent(message);
                    return CompletableFuture.completedFuture(null);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
                messages.confirmSent(deviceId, chat, messageId, serverTimestamp);
            }
        };
    }
}
