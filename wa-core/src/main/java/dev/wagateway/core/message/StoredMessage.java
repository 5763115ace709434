package dev.wagateway.core.message;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message a device sent or received, as the gateway keeps it. Unique per device by (chat, from-me, id), which is
 * how WhatsApp itself identifies a message; a redelivery of the same message is therefore stored once.
 *
 * @param chat      the conversation: the peer's user JID or the group JID
 * @param sender    the author (our own JID for outgoing messages)
 * @param type      {@code text}, {@code image}, {@code video}, {@code audio}, {@code document}, {@code sticker},
 *                  {@code reaction}, {@code contact}, {@code location} or {@code unknown}
 * @param text      the text of a text message, empty for others
 * @param caption   the caption of a media message
 * @param timestamp the server's time for the message
 * @param fromHistory the message came with a history sync from the phone, not live
 */
public record StoredMessage(UUID deviceId, String chat, String sender, String messageId, boolean fromMe,
                            MessageDirection direction, String type, Optional<String> text, Optional<String> caption,
                            Optional<MediaInfo> media, Optional<String> quotedMessageId, String pushName,
                            Instant timestamp, MessageStatus status, boolean fromHistory) {

    /** Checks presence. */
    public StoredMessage {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(quotedMessageId, "quotedMessageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(status, "status");
        pushName = pushName == null ? "" : pushName;
    }

    /** A message seen live (not from a history sync). */
    public StoredMessage(UUID deviceId, String chat, String sender, String messageId, boolean fromMe,
                         MessageDirection direction, String type, Optional<String> text, Optional<String> caption,
                         Optional<MediaInfo> media, Optional<String> quotedMessageId, String pushName,
                         Instant timestamp, MessageStatus status) {
        this(deviceId, chat, sender, messageId, fromMe, direction, type, text, caption, media, quotedMessageId,
                pushName, timestamp, status, false);
    }
}
