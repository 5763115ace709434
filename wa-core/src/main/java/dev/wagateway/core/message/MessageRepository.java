package dev.wagateway.core.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: where messages are kept. */
public interface MessageRepository {

    /** Stores {@code message} unless the device already has it (same chat, from-me flag and id); true if stored. */
    boolean insertIfAbsent(StoredMessage message);

    /**
     * Stores the messages of a history sync (marked {@link StoredMessage#fromHistory()}) that the device does not
     * have yet (same chat, from-me flag and id, whether live or from an earlier sync); returns how many were new.
     */
    int insertHistory(List<StoredMessage> messages);

    /** One page of a chat, newest first; empty when {@code before}/{@code after} names no message of the chat. */
    List<StoredMessage> page(UUID deviceId, String chat, ChatPageRequest request);

    /** One message, if the device has it. */
    Optional<StoredMessage> find(UUID deviceId, String chat, boolean fromMe, String messageId);

    /**
     * Moves the device's outgoing messages {@code messageIds} in {@code chat} forward to {@code status} (never
     * backwards); returns how many changed.
     */
    int advanceStatus(UUID deviceId, String chat, List<String> messageIds, MessageStatus status);

    /**
     * Applies each of {@code advances} as {@link #advanceStatus} would, one row after the other in the order given
     * (callers sort them by {@link StatusAdvance#ROW_ORDER}, so that concurrent writers lock rows in one order);
     * an adapter may send them in one round trip.
     */
    default void advanceStatuses(List<StatusAdvance> advances) {
        for (StatusAdvance advance : advances) {
            advanceStatus(advance.deviceId(), advance.chat(), List.of(advance.messageId()), advance.status());
        }
    }

    /**
     * Stores each of {@code messages} as {@link #insertIfAbsent} would, in the order given; an adapter may send them
     * in one round trip.
     */
    default void insertAllIfAbsent(List<StoredMessage> messages) {
        messages.forEach(this::insertIfAbsent);
    }

    /**
     * Applies each of {@code updates} (confirmations, receipts' advances, or both of one row), one row after the
     * other in the order given (callers sort them by {@link MessageRowUpdate#ROW_ORDER}, so that concurrent writers
     * lock rows in one order); an adapter may send them in one round trip.
     */
    default void applyRowUpdates(List<MessageRowUpdate> updates) {
        for (MessageRowUpdate update : updates) {
            update.sentAt().ifPresent(at -> confirmSent(update.deviceId(), update.chat(), update.messageId(), at));
            advanceStatus(update.deviceId(), update.chat(), List.of(update.messageId()), update.status());
        }
    }

    /**
     * The server acknowledged the device's outgoing {@code messageId}: its time becomes the server's, and its status
     * {@code sent} unless a receipt already moved it further.
     */
    void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp);

    /**
     * Marks the device's outgoing {@code messageId} failed if it is still pending (it surely never reached WhatsApp,
     * or WhatsApp refused it); true if it changed.
     */
    boolean markFailed(UUID deviceId, String chat, String messageId);

    /**
     * An edit of message {@code messageId}: its text (a text message) or caption (media) becomes {@code newText},
     * unless it was revoked; true if it changed. The edit itself is kept as a message of its own, so the history
     * stays.
     */
    boolean applyEdit(UUID deviceId, String chat, boolean fromMe, String messageId, String newText);

    /**
     * A revoke ("delete for everyone") of message {@code messageId}: the row stays as a tombstone of type
     * {@code revoked} without its text, caption and attachment; true if it changed.
     */
    boolean markRevoked(UUID deviceId, String chat, boolean fromMe, String messageId);
}
