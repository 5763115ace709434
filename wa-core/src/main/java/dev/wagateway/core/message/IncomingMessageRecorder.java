package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.media.IncomingMedia;
import dev.wagateway.core.poll.PollRecorder;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.message.Forwards;
import dev.wagateway.protocol.message.MessageAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's incoming messages: each stored and announced ({@code message.received}) in one transaction, a
 * redelivery dropped by id; undecryptable ones announced ({@code message.undecryptable}). Runs on the client's
 * event lane, which acknowledges the message to WhatsApp only after this returned, so after the commit.
 */
public final class IncomingMessageRecorder {

    private static final Logger log = LoggerFactory.getLogger(IncomingMessageRecorder.class);

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;
    private final IncomingMedia media;
    private final MessageActionRecorder actions;
    private final PollRecorder polls;

    /** @param ownPhone the device's own number (digits), read when an event is made */
    public IncomingMessageRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this(deviceId, ownPhone, recorder, IncomingMedia.NONE);
    }

    /** @param media what happens to the files of stored messages */
    public IncomingMessageRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder,
                                   IncomingMedia media) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
        this.media = media;
        this.actions = new MessageActionRecorder(deviceId, ownPhone, recorder);
        this.polls = new PollRecorder(deviceId, ownPhone, recorder);
    }

    /** Stores and announces {@code received}, unless it is a protocol message or was stored before. */
    public void received(WaEvent.MessageReceived received) {
        if (PollRecorder.isVote(received.message())) {
            polls.voted(received);
            return;
        }
        Optional<MessageAction> action = MessageAction.of(received.message());
        if (action.isPresent()) {
            actions.received(received, action.get());
            return;
        }
        ContentSummary content = ContentSummary.of(received.message());
        if (content.type().equals("protocol")) {
            return; // key distribution, history notices...: nothing a customer reads
        }
        String chat = received.chat().toNonAd().toString();
        StoredMessage message = new StoredMessage(deviceId, chat, received.sender().toNonAd().toString(),
                received.id(), received.fromMe(), received.fromMe() ? MessageDirection.OUTGOING
                : MessageDirection.INCOMING, content.type(), content.text(), content.caption(), content.media(),
                content.quotedMessageId(), received.pushName(), received.timestamp(),
                received.fromMe() ? MessageStatus.SENT : MessageStatus.RECEIVED);
        Optional<String> mediaUrl = content.media().flatMap(info -> media.downloadUrl(received.id()));
        AtomicBoolean stored = new AtomicBoolean();
        recorder.commit(tx -> {
            if (!tx.messages().insertIfAbsent(message)) {
                return 0; // a redelivery: stored and announced the first time
            }
            stored.set(true);
            Map<String, Object> data = MessagePayloads.of(message, mediaUrl);
            Forwards.score(received.message()).ifPresent(score -> {
                data.put("is_forwarded", true);
                data.put("forwarding_score", score);
            });
            int events = recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.MESSAGE_RECEIVED,
                    data, chat));
            if (content.media().isPresent()) {
                events += recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.MEDIA_RECEIVED,
                        MessagePayloads.mediaReceived(message, mediaUrl), chat));
            }
            if (content.type().equals("poll")) {
                events += polls.created(tx, received);
            }
            return events;
        });
        if (stored.get() && content.media().isPresent()) {
            media.received(deviceId, chat, received.sender().toNonAd().toString(), received.fromMe(), received.id(),
                    received.message());
        }
        log.info("device {}: message {} {} in {} ({})", deviceId, received.id(),
                received.fromMe() ? "sent from another device" : "received", chat, content.type());
    }

    /** Announces a message that could not be decrypted. */
    public void undecryptable(WaEvent.UndecryptableMessage failed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", failed.id());
        data.put("from", failed.sender().toString());
        data.put("chat", failed.chat().toString());
        data.put("timestamp", failed.timestamp().getEpochSecond());
        data.put("is_from_me", false);
        data.put("is_unavailable", failed.unavailable());
        data.put("unavailable_type", failed.unavailableType());
        data.put("fail_mode", failed.reason());
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.MESSAGE_UNDECRYPTABLE, data,
                failed.chat().toString()));
        log.info("device {}: message {} in {} could not be decrypted ({})", deviceId, failed.id(), failed.chat(),
                failed.reason());
    }
}
