package dev.wagateway.core.poll;

import java.util.List;
import java.util.Optional;

/**
 * The tally of a poll the device knows, from each voter's current choice (api.md §6.4 answers only a note; the
 * gateway records votes, so it can count them). Empty {@code poll} when the device does not know the poll.
 *
 * @param pollId the poll's message id
 * @param poll   what the device knows of it, if anything
 */
public record PollResults(String pollId, Optional<Tally> poll) {

    /**
     * @param chat     the chat the poll is in
     * @param question the poll's question
     * @param options  each option in the poll's order, with its voters
     * @param voters   how many voters have a current choice (a withdrawn vote counts for no option)
     */
    public record Tally(String chat, String question, List<OptionVotes> options, int voters) {

        /** Copies the list. */
        public Tally {
            options = List.copyOf(options);
        }
    }

    /** One option, with the voters (user JIDs) whose current choice includes it. */
    public record OptionVotes(String name, List<String> voters) {

        /** Copies the list. */
        public OptionVotes {
            voters = List.copyOf(voters);
        }
    }
}
