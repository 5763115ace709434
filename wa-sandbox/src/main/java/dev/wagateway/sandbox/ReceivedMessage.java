package dev.wagateway.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A message a simulated phone received and decrypted, as the control API lists it (architecture, "Sandbox contract,
 * second edition"): {@code type} is one of {@code text, image, video, audio, document, sticker, location, contact,
 * poll, reaction, edit, revoke, other}; the kind's details are set only for that kind.
 *
 * @param from    the sending device's JID
 * @param chat    the chat: the sender's user JID, or the group
 * @param media   for image, video, audio, document and sticker: what the phone decrypted
 */
public record ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp,
                              String caption,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Media media,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Contact contact,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Poll poll) {

    public ReceivedMessage {
        // Never null: a kind without text has an empty one (callers compare texts without a null check).
        text = text == null ? "" : text;
    }

    /** A text (or a kind without details). */
    public ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp) {
        this(id, from, chat, type, text, timestamp, null, null, null, null, null);
    }

    /**
     * A received file after download and every check.
     *
     * @param sha256 hex SHA-256 of the decrypted bytes
     * @param error  why the file could not be fetched or failed a check (then size and sha256 are empty)
     */
    public record Media(String mimetype, long size, String sha256, String filename,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** A shared location. */
    public record Location(double latitude, double longitude, String name) {
    }

    /** A shared contact card. */
    public record Contact(String name, String phone, String vcard) {
    }

    /** A poll: its question, options and how many a voter may pick (0 = any). */
    public record Poll(String name, List<String> options, int selectable) {
    }
}
