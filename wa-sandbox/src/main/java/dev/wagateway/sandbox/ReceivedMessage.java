package dev.wagateway.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A message a simulated phone received and decrypted, as the control API lists it (architecture, "Sandbox contract,
 * second edition"): {@code type} is one of {@code text, image, video, audio, document, sticker, location, contact,
 * poll, poll_vote, reaction, edit, revoke, disappearing_timer, other}; the kind's details are set only for that
 * kind (absent otherwise): media,
 * location, contact, poll, the action's target in {@code reaction {id, emoji}}, {@code edit {id, text}} or
 * {@code revoke {id}}, a vote in {@code vote {poll_id, options, error}}, and for a reply the id it quotes.
 *
 * @param from     the sending device's JID
 * @param chat     the chat: the sender's user JID, or the group
 * @param media    for image, video, audio, document and sticker: what the phone decrypted
 * @param quotedId   the id of the message this one quotes, null when it quotes none
 * @param expiration the disappearing timer the message carries ({@code contextInfo.expiration}), or for a
 *                   {@code disappearing_timer} the timer it sets (0 = off), in seconds; null when none
 * @param vote       for a {@code poll_vote}: the vote as the phone opened it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp,
                              String caption, Media media, Location location, Contact contact, Poll poll,
                              Map<String, String> reaction, Map<String, String> edit, Map<String, String> revoke,
                              @JsonProperty("quoted_id") String quotedId, Integer expiration, PollVote vote) {

    /** Text is never null: a kind without text has an empty one (callers compare texts without a null check). */
    public ReceivedMessage {
        text = text == null ? "" : text;
    }

    /** A text (or a kind without details). */
    public ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp) {
        this(id, from, chat, type, text, timestamp, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A kind with content details (media, location, contact, poll). */
    public ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp,
                           String caption, Media media, Location location, Contact contact, Poll poll) {
        this(id, from, chat, type, text, timestamp, caption, media, location, contact, poll, null, null, null, null,
                null, null);
    }

    /** An action (reaction, edit, revoke) or a reply. */
    public ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp,
                           Map<String, String> reaction, Map<String, String> edit, Map<String, String> revoke,
                           String quotedId) {
        this(id, from, chat, type, text, timestamp, null, null, null, null, null, reaction, edit, revoke, quotedId,
                null, null);
    }

    /** This message with the disappearing timer it carries; itself when {@code seconds} is null. */
    public ReceivedMessage withExpiration(Integer seconds) {
        return seconds == null ? this : new ReceivedMessage(id, from, chat, type, text, timestamp, caption, media,
                location, contact, poll, reaction, edit, revoke, quotedId, seconds, vote);
    }

    /** This message naming its sender and chat with the given texts (equal ones: a phone shares one copy of each). */
    ReceivedMessage withAddresses(String sharedFrom, String sharedChat) {
        return new ReceivedMessage(id, sharedFrom, sharedChat, type, text, timestamp, caption, media, location,
                contact, poll, reaction, edit, revoke, quotedId, expiration, vote);
    }

    /**
     * A received file after download and every check.
     *
     * @param sha256 hex SHA-256 of the decrypted bytes
     * @param error  why the file could not be fetched or failed a check (then size and sha256 are empty); absent when
     *               the file passed every check
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Media(String mimetype, long size, String sha256, String filename, String error) {
    }

    /** A shared location. */
    public record Location(double latitude, double longitude, String name) {
    }

    /** A shared contact card. */
    public record Contact(String name, String phone, String vcard) {
    }

    /**
     * A vote the phone received, opened with its poll's secret.
     *
     * @param options the option names chosen (empty: a withdrawn vote); absent when it could not be opened
     * @param error   why the vote counts for nothing (no such poll, does not decrypt, names unknown options)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PollVote(@JsonProperty("poll_id") String pollId, List<String> options, String error) {
    }

    /** A poll: its question, options and how many a voter may pick (0 = any). */
    public record Poll(String name, List<String> options, int selectable) {
    }
}
