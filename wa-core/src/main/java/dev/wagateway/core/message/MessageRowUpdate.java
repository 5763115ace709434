package dev.wagateway.core.message;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * One outgoing message row's update on the send path: the server's ack (its time, and the status {@code sent}
 * unless the row is further on) and/or a receipt's status to move forward to, so that an ack and a receipt of the
 * same row that wait for the same transaction cost one statement.
 *
 * <p>A row with {@code sentAt} present always takes that time; its status moves to {@code status} only from a lower
 * outgoing status (never from {@code received} or {@code failed}, never backwards), as {@link
 * MessageRepository#advanceStatus} does.
 *
 * @param sentAt the server's time of its ack, when this update confirms the send
 * @param status the status to move forward to ({@code sent} for a confirmation alone)
 */
public record MessageRowUpdate(UUID deviceId, String chat, String messageId, Optional<Instant> sentAt,
                               MessageStatus status) {

    /** The global lock order of message rows, as {@link StatusAdvance#ROW_ORDER}: device, chat, message id. */
    public static final Comparator<MessageRowUpdate> ROW_ORDER = Comparator.comparing(MessageRowUpdate::deviceId)
            .thenComparing(MessageRowUpdate::chat).thenComparing(MessageRowUpdate::messageId);

    /** @throws IllegalArgumentException when a part is missing */
    public MessageRowUpdate {
        if (deviceId == null || chat == null || messageId == null || sentAt == null || status == null) {
            throw new IllegalArgumentException("a message row update needs a device, chat, id, time and status");
        }
    }

    /** The server acknowledged the message at {@code serverTimestamp}. */
    public static MessageRowUpdate confirmation(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
        return new MessageRowUpdate(deviceId, chat, messageId, Optional.of(serverTimestamp), MessageStatus.SENT);
    }

    /** A receipt moves the message forward to {@code advance}'s status. */
    public static MessageRowUpdate of(StatusAdvance advance) {
        return new MessageRowUpdate(advance.deviceId(), advance.chat(), advance.messageId(), Optional.empty(),
                advance.status());
    }

    /** Whether {@code other} names the same row. */
    public boolean sameRow(MessageRowUpdate other) {
        return deviceId.equals(other.deviceId) && chat.equals(other.chat) && messageId.equals(other.messageId);
    }

    /**
     * This update and {@code later} (the same row, queued after it) as one: the later ack's time, the higher status.
     */
    public MessageRowUpdate then(MessageRowUpdate later) {
        Optional<Instant> time = later.sentAt.isPresent() ? later.sentAt : sentAt;
        MessageStatus higher = later.status.rank() > status.rank() ? later.status : status;
        return new MessageRowUpdate(deviceId, chat, messageId, time, higher);
    }
}
