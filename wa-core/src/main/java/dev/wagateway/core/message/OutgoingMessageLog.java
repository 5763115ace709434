package dev.wagateway.core.message;

import java.time.Instant;
import java.util.UUID;

/**
 * The two writes every send makes to the message store, apart from the rest of {@link MessageRepository} so that an
 * adapter can commit many concurrent sends' writes together (group commit). Each call returns only once its write
 * is committed.
 */
public interface OutgoingMessageLog {

    /** Stores an outgoing message as {@code pending} (nothing when it is stored already); committed on return. */
    void insertPending(StoredMessage message);

    /**
     * Marks a pending outgoing message {@code sent} at the server's {@code serverTimestamp} (a status a receipt
     * moved further on stays); committed on return.
     */
    void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp);

    /** Each write on its own, through the repository. */
    static OutgoingMessageLog of(MessageRepository messages) {
        return new OutgoingMessageLog() {
            @Override
            public void insertPending(StoredMessage message) {
                messages.insertIfAbsent(message);
            }

            @Override
            public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
                messages.confirmSent(deviceId, chat, messageId, serverTimestamp);
            }
        };
    }
}
