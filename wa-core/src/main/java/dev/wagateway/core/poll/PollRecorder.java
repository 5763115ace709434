package dev.wagateway.core.poll;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessagePayloads;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's incoming polls and votes (api.md §7.9). A poll is kept with its secret beside its message; a vote is
 * stored as a message of its own (the history, and what drops a redelivery) and, in the same transaction, decrypted
 * with the poll's secret, recorded as its voter's choice and announced: {@code message.received} with the vote,
 * {@code poll.vote} and {@code poll.update}, and {@code poll.vote_decrypted} when it could be decrypted.
 */
public final class PollRecorder {

    private static final Logger log = LoggerFactory.getLogger(PollRecorder.class);

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    /** @param ownPhone the device's own number (digits), read when an event is made */
    public PollRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** Whether {@code message} is a vote (for {@link #voted}). */
    public static boolean isVote(Message message) {
        return MessageContent.unwrap(message).hasPollUpdateMessage();
    }

    /**
     * Keeps the poll {@code received} carries (not one without a secret: no vote on it could be read) and announces
     * it ({@code poll.created}), in the transaction storing its message; returns the deliveries recorded.
     */
    public int created(Transaction tx, WaEvent.MessageReceived received) {
        Optional<Message.PollCreationMessage> poll = Polls.pollOf(received.message());
        if (poll.isEmpty()) {
            return 0;
        }
        String chat = received.chat().toNonAd().toString();
        List<String> options = poll.get().getOptionsList().stream()
                .map(Message.PollCreationMessage.Option::getOptionName).toList();
        Optional<byte[]> secret = Polls.secretOf(received.message());
        if (secret.isPresent()) {
            tx.polls().saveIfAbsent(new StoredPoll(deviceId, chat, received.id(),
                    received.sender().toNonAd().toString(), received.fromMe(), secret.get(), poll.get().getName(),
                    options, poll.get().getSelectableOptionsCount(), received.timestamp()));
        } else {
            log.info("device {}: poll {} has no message secret: votes on it cannot be read", deviceId,
                    received.id());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", received.id());
        data.put("chat", chat);
        data.put("from", received.sender().toNonAd().toString());
        data.put("poll_name", poll.get().getName());
        data.put("options_count", options.size());
        data.put("selectable_options", poll.get().getSelectableOptionsCount());
        data.put("options", options);
        return recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.POLL_CREATED, data, chat));
    }

    /** Records and announces the vote {@code received} carries. */
    public void voted(WaEvent.MessageReceived received) {
        Message.PollUpdateMessage update = MessageContent.unwrap(received.message()).getPollUpdateMessage();
        String chat = received.chat().toNonAd().toString();
        String pollId = update.getPollCreationMessageKey().getId();
        Jid voter = received.sender().toNonAd();
        StoredMessage message = new StoredMessage(deviceId, chat, voter.toString(), received.id(),
                received.fromMe(), received.fromMe() ? MessageDirection.OUTGOING : MessageDirection.INCOMING,
                "poll_vote", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(pollId),
                received.pushName(), received.timestamp(),
                received.fromMe() ? MessageStatus.SENT : MessageStatus.RECEIVED);
        recorder.commit(tx -> {
            if (!tx.messages().insertIfAbsent(message)) {
                return 0; // a redelivery: recorded and announced the first time
            }
            Opened opened = open(tx, update, chat, pollId, voter);
            if (opened.options() != null) {
                tx.polls().recordVote(new RecordedVote(deviceId, chat, pollId, voter.toString(), received.id(),
                        opened.options(), received.timestamp()));
            }
            Map<String, Object> vote = new LinkedHashMap<>();
            vote.put("poll_id", pollId);
            if (opened.options() != null) {
                vote.put("selected_options", opened.options());
            } else {
                vote.put("error", opened.error());
            }
            Map<String, Object> data = MessagePayloads.of(message);
            data.put("poll_vote", vote);
            String own = ownPhone.get();
            int events = recorder.record(tx, recorder.event(deviceId, own, EventTypes.MESSAGE_RECEIVED, data, chat));
            Map<String, Object> brief = new LinkedHashMap<>();
            brief.put("message_id", received.id());
            brief.put("chat", chat);
            brief.put("timestamp", received.timestamp().getEpochSecond());
            brief.put("poll_id", pollId);
            brief.put("voter", voter.toString());
            events += recorder.record(tx, recorder.event(deviceId, own, EventTypes.POLL_VOTE, brief, chat));
            events += recorder.record(tx, recorder.event(deviceId, own, EventTypes.POLL_UPDATE, brief, chat));
            if (opened.options() != null) {
                Map<String, Object> decrypted = new LinkedHashMap<>();
                decrypted.put("message_id", received.id());
                decrypted.put("chat", chat);
                decrypted.put("selected_options", opened.hashes());
                decrypted.put("poll_id", pollId);
                decrypted.put("voter", voter.toString());
                decrypted.put("selected_option_names", opened.options());
                events += recorder.record(tx, recorder.event(deviceId, own, EventTypes.POLL_VOTE_DECRYPTED,
                        decrypted, chat));
            }
            return events;
        });
        log.info("device {}: vote {} on poll {} in {} from {}", deviceId, received.id(), pollId, chat, voter);
    }

    /**
     * A vote opened: the chosen option names in the poll's order and their hashes (base64, as api.md names them),
     * or why it could not be read.
     */
    private record Opened(List<String> options, List<String> hashes, String error) {
    }

    private Opened open(Transaction tx, Message.PollUpdateMessage update, String chat, String pollId, Jid voter) {
        Optional<StoredPoll> poll = tx.polls().find(deviceId, chat, pollId);
        if (poll.isEmpty()) {
            return new Opened(null, null, "unknown poll: the gateway keeps the polls it created or received");
        }
        List<byte[]> selected;
        try {
            selected = Polls.openVote(update, Jid.parse(poll.get().creator()), voter, poll.get().secret());
        } catch (CryptoException e) {
            log.info("device {}: a vote on poll {} in {} does not decrypt: {}", deviceId, pollId, chat,
                    e.getMessage());
            return new Opened(null, null, "the vote does not decrypt with the poll's secret");
        }
        List<String> names = Polls.selectedNames(poll.get().options(), selected);
        List<String> hashes = selected.stream().map(hash -> Base64.getEncoder().encodeToString(hash)).toList();
        return new Opened(names, hashes, null);
    }
}
