package dev.wagateway.core.poll;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.message.MessageSecrets;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.Message;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Polls (api.md §6.4): creating one with a fresh message secret, kept before the poll goes out so that a vote
 * arriving at once finds it; voting on a poll the device created or received, the vote encrypted under the poll's
 * secret (protocol §6.13) and checked against the poll's options first.
 */
public final class PollService {

    private final DeviceCalls calls;
    private final MessagingService messaging;
    private final PollRepository polls;
    private final SecureRandom random;
    private final Clock clock;

    /** Wires the service. */
    public PollService(DeviceCalls calls, MessagingService messaging, PollRepository polls, SecureRandom random,
                       Clock clock) {
        this.calls = calls;
        this.messaging = messaging;
        this.polls = polls;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Sends a poll.
     *
     * @param multiAnswer whether a voter may pick several options (otherwise one)
     * @throws InvalidRequestException a blank question, fewer than 2 or more than 12 options, blank or repeated ones
     */
    public SentMessage sendPoll(UUID deviceId, String target, String question, List<String> options,
                                boolean multiAnswer, Optional<Boolean> typing, Optional<Boolean> presence) {
        if (question == null || question.isBlank()) {
            throw new InvalidRequestException("question is required");
        }
        if (options == null || options.size() < Polls.MIN_OPTIONS) {
            throw new InvalidRequestException("at least 2 options are required");
        }
        if (options.size() > Polls.MAX_OPTIONS) {
            throw new InvalidRequestException("maximum 12 options allowed");
        }
        byte[] secret = new byte[MessageSecrets.SECRET_LENGTH];
        random.nextBytes(secret);
        String name = question.strip();
        List<String> names = options.stream().map(option -> option == null ? "" : option.strip()).toList();
        int selectable = multiAnswer ? 0 : 1;
        Message poll;
        try {
            poll = Polls.creation(name, names, selectable, secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return messaging.sendMessage(deviceId, target, poll, typing, presence, (StoredMessage pending) ->
                polls.saveIfAbsent(new StoredPoll(deviceId, pending.chat(), pending.messageId(), pending.sender(),
                        true, secret, name, names, selectable, pending.timestamp())));
    }

    /**
     * Votes on poll {@code pollId} of {@code chatJid} for {@code options} (names, as the poll lists them).
     *
     * @throws InvalidRequestException a missing chat or option, an option the poll does not have, more options than
     *                                 the poll allows
     * @throws NotFoundException       a poll the device never created or received in that chat
     */
    public SentMessage vote(UUID deviceId, String pollId, String chatJid, List<String> options,
                            Optional<Boolean> typing, Optional<Boolean> presence) {
        if (pollId == null || pollId.isBlank()) {
            throw new InvalidRequestException("poll_id is required");
        }
        if (chatJid == null || chatJid.isBlank()) {
            throw new InvalidRequestException("chat_jid is required");
        }
        if (options == null || options.isEmpty()) {
            throw new InvalidRequestException("options is required");
        }
        Jid chat = ChatAddress.resolveStored(chatJid)
                .orElseThrow(() -> new InvalidRequestException("invalid chat_jid: " + chatJid));
        StoredPoll poll = polls.find(deviceId, chat.toString(), pollId.strip())
                .orElseThrow(() -> new NotFoundException("failed to build poll vote: no poll " + pollId.strip()
                        + " in " + chat + " (the gateway keeps the polls it created or received)"));
        List<String> chosen = choose(poll, options);
        Jid own = calls.client(deviceId).jid().map(Jid::toNonAd)
                .orElseThrow(() -> new InvalidRequestException("the device is not logged in"));
        Jid creator = Jid.parse(poll.creator());
        Message vote = Polls.vote(MessageActionStanzas.key(chat, creator, poll.messageId(), own), creator, own,
                poll.secret(), chosen, clock.millis(), random);
        SentMessage sent = messaging.sendMessage(deviceId, chat.toString(), vote, typing, presence);
        polls.recordVote(new RecordedVote(deviceId, poll.chat(), poll.messageId(), own.toString(), sent.messageId(),
                chosen, sent.timestamp()));
        return sent;
    }

    /**
     * The tally of poll {@code pollId} from the votes the device recorded (its own and those it received); empty
     * when the device does not know the poll.
     */
    public PollResults results(UUID deviceId, String pollId) {
        if (pollId == null || pollId.isBlank()) {
            throw new InvalidRequestException("poll_id is required");
        }
        String id = pollId.strip();
        return new PollResults(id, polls.findInAnyChat(deviceId, id).map(poll -> {
            List<RecordedVote> votes = polls.votes(deviceId, poll.chat(), poll.messageId());
            List<PollResults.OptionVotes> options = poll.options().stream()
                    .map(option -> new PollResults.OptionVotes(option, votes.stream()
                            .filter(vote -> vote.selectedOptions().contains(option))
                            .map(RecordedVote::voter).toList()))
                    .toList();
            int voters = (int) votes.stream().filter(vote -> !vote.selectedOptions().isEmpty()).count();
            return new PollResults.Tally(poll.chat(), poll.question(), options, voters);
        }));
    }

    /** The options named, checked against the poll, in the poll's order. */
    private static List<String> choose(StoredPoll poll, List<String> options) {
        List<String> named = options.stream().map(option -> option == null ? "" : option.strip()).toList();
        for (String option : named) {
            if (!poll.options().contains(option)) {
                throw new InvalidRequestException("failed to build poll vote: \"" + option
                        + "\" is not an option of the poll (" + String.join(", ", poll.options()) + ")");
            }
        }
        if (new HashSet<>(named).size() != named.size()) {
            throw new InvalidRequestException("failed to build poll vote: an option is named twice");
        }
        if (poll.selectableCount() > 0 && named.size() > poll.selectableCount()) {
            throw new InvalidRequestException("failed to build poll vote: the poll allows "
                    + poll.selectableCount() + " option" + (poll.selectableCount() == 1 ? "" : "s") + " per voter");
        }
        return poll.options().stream().filter(named::contains).toList();
    }
}
