package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.message.MessageSecrets;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.Message;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A phone's polls: creating one (with a fresh message secret), voting on one it knows, and reading the votes it
 * receives, which it decrypts with the secret of the poll they name as WhatsApp's apps do (protocol §6.13). A vote
 * that names no poll the phone knows, or does not decrypt, counts for nothing; the inbox shows it with the reason.
 */
final class PhonePolls {

    /** A vote ready to go: where, and the message. */
    record OutgoingVote(Jid chat, Message message) {
    }

    private PhonePolls() {
    }

    /** A poll: {@code selectable} options per voter, 0 for any number. */
    static Message creation(PhoneContent.Poll poll, SecureRandom random) {
        byte[] secret = new byte[MessageSecrets.SECRET_LENGTH];
        random.nextBytes(secret);
        try {
            return Polls.creation(poll.name(), poll.options(), poll.selectable(), secret);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(400, e.getMessage());
        }
    }

    /**
     * The phone's vote on a poll it knows, in the poll's chat, as the app allows it: only the poll's options, each
     * once, no more than the poll allows (an empty choice withdraws the vote).
     *
     * @throws SandboxException 404 for a poll the phone does not know, 400 for a bad choice
     */
    static OutgoingVote vote(PhoneInbox inbox, Jid own, PhoneContent.Vote vote, SecureRandom random) {
        PhoneInbox.Known known = inbox.find(vote.pollId())
                .orElseThrow(() -> new SandboxException(404, "the phone has no poll " + vote.pollId()));
        Message.PollCreationMessage poll = Polls.pollOf(known.content())
                .orElseThrow(() -> new SandboxException(400, "message " + vote.pollId() + " is not a poll"));
        byte[] secret = Polls.secretOf(known.content())
                .orElseThrow(() -> new SandboxException(400, "poll " + vote.pollId() + " has no message secret"));
        List<String> options = poll.getOptionsList().stream().map(Message.PollCreationMessage.Option::getOptionName)
                .toList();
        if (!options.containsAll(vote.options()) || new HashSet<>(vote.options()).size() != vote.options().size()) {
            throw new SandboxException(400, "vote for options of the poll, each once: " + options);
        }
        int selectable = poll.getSelectableOptionsCount();
        if (selectable > 0 && vote.options().size() > selectable) {
            throw new SandboxException(400, "the poll allows " + selectable + " option(s) per voter");
        }
        Jid chat = known.chat().toNonAd();
        Message message = Polls.vote(MessageActionStanzas.key(chat, known.author(), vote.pollId(), own),
                known.author(), own.toNonAd(), secret, vote.options(), Instant.now().toEpochMilli(), random);
        return new OutgoingVote(chat, message);
    }

    /** The inbox entry for a vote {@code content} from {@code sender}, or empty for other content. */
    static Optional<ReceivedMessage> read(PhoneInbox inbox, String id, Jid sender, Jid chat, Message content,
                                          long timestamp) {
        Message inner = MessageContent.unwrap(content);
        if (!inner.hasPollUpdateMessage()) {
            return Optional.empty();
        }
        Message.PollUpdateMessage update = inner.getPollUpdateMessage();
        String pollId = update.getPollCreationMessageKey().getId();
        return Optional.of(new ReceivedMessage(id, sender.toString(), chat.toString(), "poll_vote", "", timestamp,
                null, null, null, null, null, null, null, null, null, null, open(inbox, update, pollId, sender)));
    }

    private static ReceivedMessage.PollVote open(PhoneInbox inbox, Message.PollUpdateMessage update, String pollId,
                                                 Jid voter) {
        Optional<PhoneInbox.Known> known = inbox.find(pollId);
        Optional<Message.PollCreationMessage> poll = known.flatMap(k -> Polls.pollOf(k.content()));
        Optional<byte[]> secret = known.flatMap(k -> Polls.secretOf(k.content()));
        if (poll.isEmpty() || secret.isEmpty()) {
            return new ReceivedMessage.PollVote(pollId, null, "the phone knows no poll " + pollId);
        }
        try {
            List<byte[]> hashes = Polls.openVote(update, known.get().author(), voter.toNonAd(), secret.get());
            List<String> names = Polls.selectedNames(poll.get(), hashes);
            if (names.size() != hashes.size()) {
                return new ReceivedMessage.PollVote(pollId, names, "the vote names options the poll does not have");
            }
            return new ReceivedMessage.PollVote(pollId, names, null);
        } catch (CryptoException e) {
            return new ReceivedMessage.PollVote(pollId, null, "the vote does not decrypt: " + e.getMessage());
        }
    }
}
