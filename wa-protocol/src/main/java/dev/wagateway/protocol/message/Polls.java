package dev.wagateway.protocol.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageContextInfo;
import dev.wagateway.protocol.proto.MessageKey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Poll creation and votes (protocol §6.13; whatsmeow {@code msgsecret.go — BuildPollCreation, EncryptPollVote,
 * HashPollOptions}, Baileys {@code Utils/messages.ts} and {@code process-message.ts — decryptPollVote}). A vote names
 * options by {@code SHA-256(optionName)} and is encrypted under the poll's message secret.
 */
public final class Polls {

    /** WhatsApp's bounds on a poll's options. */
    public static final int MIN_OPTIONS = 2;
    public static final int MAX_OPTIONS = 12;

    private Polls() {
    }

    /**
     * A poll: single-choice polls ({@code selectableCount == 1}) go into {@code pollCreationMessageV3} (64), others
     * into {@code pollCreationMessage} (49), as Baileys sends them; {@code messageSecret} goes into {@code
     * messageContextInfo} (keep it: votes are decrypted with it).
     *
     * @param selectableCount how many options a voter may pick, 0 for any number
     * @throws IllegalArgumentException for a blank name, fewer than 2 or more than 12 options, a blank or repeated
     *                                  option, or a count outside {@code 0..options}
     */
    public static Message creation(String name, List<String> options, int selectableCount, byte[] messageSecret) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a poll needs a name");
        }
        if (options == null || options.size() < MIN_OPTIONS || options.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("a poll has " + MIN_OPTIONS + " to " + MAX_OPTIONS + " options");
        }
        if (options.stream().anyMatch(option -> option == null || option.isBlank())
                || new HashSet<>(options).size() != options.size()) {
            throw new IllegalArgumentException("poll options must be non-blank and distinct");
        }
        if (selectableCount < 0 || selectableCount > options.size()) {
            throw new IllegalArgumentException("selectable count must be 0 (any) to " + options.size());
        }
        if (messageSecret == null || messageSecret.length != MessageSecrets.SECRET_LENGTH) {
            throw new IllegalArgumentException("a poll needs a 32-byte message secret");
        }
        Message.PollCreationMessage.Builder poll = Message.PollCreationMessage.newBuilder().setName(name)
                .setSelectableOptionsCount(selectableCount);
        for (String option : options) {
            poll.addOptions(Message.PollCreationMessage.Option.newBuilder().setOptionName(option));
        }
        Message.Builder message = Message.newBuilder()
                .setMessageContextInfo(MessageContextInfo.newBuilder().setMessageSecret(ByteString.copyFrom(messageSecret)));
        return selectableCount == 1 ? message.setPollCreationMessageV3(poll).build()
                : message.setPollCreationMessage(poll).build();
    }

    /** The poll in a message, whichever version carries it. */
    public static Optional<Message.PollCreationMessage> pollOf(Message message) {
        Message inner = MessageContent.unwrap(message);
        if (inner.hasPollCreationMessage()) {
            return Optional.of(inner.getPollCreationMessage());
        }
        if (inner.hasPollCreationMessageV2()) {
            return Optional.of(inner.getPollCreationMessageV2());
        }
        if (inner.hasPollCreationMessageV3()) {
            return Optional.of(inner.getPollCreationMessageV3());
        }
        return Optional.empty();
    }

    /**
     * The message secret a poll carries in {@code messageContextInfo} (on the message or inside its wrappers), if it
     * has a well-formed one.
     */
    public static Optional<byte[]> secretOf(Message message) {
        for (Message candidate : List.of(message, MessageContent.unwrap(message))) {
            if (candidate.hasMessageContextInfo()
                    && candidate.getMessageContextInfo().getMessageSecret().size() == MessageSecrets.SECRET_LENGTH) {
                return Optional.of(candidate.getMessageContextInfo().getMessageSecret().toByteArray());
            }
        }
        return Optional.empty();
    }

    /** {@code SHA-256(optionName)}, how a vote names an option. */
    public static byte[] optionHash(String optionName) {
        return Digests.sha256(optionName.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A vote: {@code pollUpdateMessage} (50) with the encrypted {@code PollVoteMessage}.
     *
     * @param pollKey       the poll's key as the voter sees it (chat, from_me, id, participant in groups)
     * @param pollSender    who created the poll (enters the key)
     * @param voter         who votes (us; enters the key and the AD)
     * @param selected      the chosen option names (empty withdraws a vote)
     */
    public static Message vote(MessageKey pollKey, Jid pollSender, Jid voter, byte[] messageSecret,
                               List<String> selected, long senderTimestampMs, SecureRandom random) {
        Message.PollVoteMessage.Builder vote = Message.PollVoteMessage.newBuilder();
        for (String option : selected) {
            vote.addSelectedOptions(ByteString.copyFrom(optionHash(option)));
        }
        MessageSecrets.Sealed sealed = MessageSecrets.seal(vote.build().toByteArray(), messageSecret, pollKey.getId(),
                pollSender, voter, MessageSecrets.UseCase.POLL_VOTE, random);
        return Message.newBuilder().setPollUpdateMessage(Message.PollUpdateMessage.newBuilder()
                .setPollCreationMessageKey(pollKey)
                .setVote(Message.PollEncValue.newBuilder().setEncPayload(ByteString.copyFrom(sealed.payload()))
                        .setEncIv(ByteString.copyFrom(sealed.iv())))
                .setSenderTimestampMs(senderTimestampMs)).build();
    }

    /**
     * Decrypts a vote into the selected option hashes.
     *
     * @throws CryptoException when it does not decrypt (wrong secret, poll sender or voter, or tampered)
     */
    public static List<byte[]> openVote(Message.PollUpdateMessage update, Jid pollSender, Jid voter,
                                        byte[] messageSecret) throws CryptoException {
        MessageSecrets.Sealed sealed = new MessageSecrets.Sealed(update.getVote().getEncPayload().toByteArray(),
                update.getVote().getEncIv().toByteArray());
        byte[] plaintext = MessageSecrets.open(sealed, messageSecret, update.getPollCreationMessageKey().getId(),
                pollSender, voter, MessageSecrets.UseCase.POLL_VOTE);
        try {
            List<byte[]> hashes = new ArrayList<>();
            for (ByteString hash : Message.PollVoteMessage.parseFrom(plaintext).getSelectedOptionsList()) {
                hashes.add(hash.toByteArray());
            }
            return hashes;
        } catch (InvalidProtocolBufferException e) {
            throw new CryptoException("a decrypted vote is not a PollVoteMessage", e);
        }
    }

    /** The option names of {@code poll} whose hashes are in {@code selectedHashes}, in the poll's order. */
    public static List<String> selectedNames(Message.PollCreationMessage poll, List<byte[]> selectedHashes) {
        return selectedNames(poll.getOptionsList().stream().map(Message.PollCreationMessage.Option::getOptionName)
                .toList(), selectedHashes);
    }

    /** The names among {@code options} whose hashes are in {@code selectedHashes}, in the options' order. */
    public static List<String> selectedNames(List<String> options, List<byte[]> selectedHashes) {
        List<String> names = new ArrayList<>();
        for (String option : options) {
            byte[] hash = optionHash(option);
            if (selectedHashes.stream().anyMatch(selected -> java.util.Arrays.equals(selected, hash))) {
                names.add(option);
            }
        }
        return names;
    }
}
