package dev.wagateway.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A message a simulated phone received and decrypted, as the control API lists it (contract second edition):
 * {@code type} is {@code text}, {@code reaction}, {@code edit}, {@code revoke}, ... and the action's target is in
 * {@code reaction {id, emoji}}, {@code edit {id, text}} or {@code revoke {id}}; a reply names what it quotes.
 *
 * @param from     the sending device's JID
 * @param chat     the chat: the sender's user JID, or the group
 * @param quotedId the id of the message this one quotes, null when it quotes none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp,
                              Map<String, String> reaction, Map<String, String> edit, Map<String, String> revoke,
                              @JsonProperty("quoted_id") String quotedId) {

    /** A plain text. */
    public ReceivedMessage(String id, String from, String chat, String type, String text, long timestamp) {
        this(id, from, chat, type, text, timestamp, null, null, null, null);
    }
}
