package dev.wagateway.core.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data} of {@code message.received} events: the contract's keys
 * ({@code message_id, from, chat, timestamp, is_from_me}) plus the content (api.md decision 8).
 */
public final class MessagePayloads {

    private MessagePayloads() {
    }

    /** The event data describing {@code message}. */
    public static Map<String, Object> of(StoredMessage message) {
        return of(message, Optional.empty());
    }

    /** The event data describing {@code message}, its file downloadable at {@code mediaUrl} (api.md §7.9). */
    public static Map<String, Object> of(StoredMessage message, Optional<String> mediaUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", message.messageId());
        data.put("from", message.sender());
        data.put("chat", message.chat());
        data.put("timestamp", message.timestamp().getEpochSecond());
        data.put("is_from_me", message.fromMe());
        data.put("push_name", message.pushName());
        data.put("type", message.type());
        message.text().ifPresent(text -> data.put("text", text));
        message.caption().ifPresent(caption -> data.put("caption", caption));
        message.media().ifPresent(media -> {
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("mimetype", media.mimeType());
            attachment.put("file_length", media.fileLength());
            media.fileName().ifPresent(name -> attachment.put("file_name", name));
            mediaUrl.ifPresent(url -> attachment.put("url", url));
            data.put("media", attachment);
        });
        message.quotedMessageId().ifPresent(id -> data.put("quoted_message_id", id));
        return data;
    }

    /** The data of {@code media.received} (api.md §7.9): the message, its kind and where to download it. */
    public static Map<String, Object> mediaReceived(StoredMessage message, Optional<String> mediaUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", message.messageId());
        data.put("chat", message.chat());
        data.put("from", message.sender());
        data.put("media_type", message.type());
        message.media().ifPresent(media -> {
            data.put("mimetype", media.mimeType());
            data.put("file_length", media.fileLength());
            media.fileName().ifPresent(name -> data.put("file_name", name));
        });
        mediaUrl.ifPresent(url -> data.put("url", url));
        return data;
    }
}
