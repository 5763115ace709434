package dev.wagateway.core.poll;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the polls a device knows and the votes cast on them. */
public interface PollRepository {

    /** Keeps {@code poll} unless the device has it already (same chat and id); true if stored. */
    boolean saveIfAbsent(StoredPoll poll);

    /** The poll {@code messageId} of {@code chat}, if the device knows it. */
    Optional<StoredPoll> find(UUID deviceId, String chat, String messageId);

    /** The poll {@code messageId} in whichever chat the device knows it (the latest, should two chats share the id). */
    Optional<StoredPoll> findInAnyChat(UUID deviceId, String messageId);

    /** Each voter's current choice on the poll {@code pollId} of {@code chat}, oldest vote first. */
    List<RecordedVote> votes(UUID deviceId, String chat, String pollId);

    /**
     * Records {@code vote} as its voter's choice unless a later vote of the same voter is recorded already (votes
     * may arrive out of order); true if it is now the voter's choice.
     */
    boolean recordVote(RecordedVote vote);
}
