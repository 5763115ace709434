package dev.wagateway.core.poll;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A voter's current choice on a poll: the latest vote replaces the earlier ones (WhatsApp counts one vote per
 * person); an empty choice is a withdrawn vote.
 *
 * @param voter           who voted (user JID, no device)
 * @param voteMessageId   the id of the message carrying the vote
 * @param selectedOptions the option names chosen, in the poll's order
 */
public record RecordedVote(UUID deviceId, String chat, String pollId, String voter, String voteMessageId,
                           List<String> selectedOptions, Instant votedAt) {

    /** Checks presence and copies the list. */
    public RecordedVote {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(pollId, "pollId");
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(voteMessageId, "voteMessageId");
        Objects.requireNonNull(votedAt, "votedAt");
        selectedOptions = List.copyOf(selectedOptions);
    }
}
