package dev.wagateway.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A presence or chat state a simulated phone was shown, as {@code GET /sandbox/phones/{phone}/presence} lists it.
 *
 * @param type        {@code presence} (a contact it subscribed to went online or offline) or {@code chatstate}
 * @param from        the user the update is about (for a chat state: who typed)
 * @param chat        for a chat state: the chat (the sender, or the group)
 * @param state       {@code available}/{@code unavailable}, or {@code composing}/{@code recording}/{@code paused}
 * @param lastSeen    for an unavailable presence: when the contact was last online, null when its privacy hides it
 * @param timestamp   when the server passed it on (unix seconds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceSeen(String type, String from, String chat, String state,
                           @JsonProperty("last_seen") Long lastSeen, long timestamp) {
}
