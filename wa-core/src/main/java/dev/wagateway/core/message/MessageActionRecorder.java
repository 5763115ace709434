package dev.wagateway.core.message;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.message.MessageAction;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Incoming reactions, edits and revokes (api.md §7.9; also those our other devices send). Each is stored as a message
 * of its own (the history, and what drops a redelivery), and in the same transaction: a reaction or an edit is
 * announced as {@code message.received} with the action as content (api.md decision 8), and an edit gives the
 * target its new text; a revoke turns the target into a tombstone and is announced as {@code message.deleted}.
 * What WhatsApp's apps ignore is ignored here: an edit by someone who did not write the message or after the edit
 * window, a revoke of someone else's message in a 1:1 chat.
 */
final class MessageActionRecorder {

    private static final Logger log = LoggerFactory.getLogger(MessageActionRecorder.class);
    /** Offline delivery and clock skew: an edit stamped a little after the window is still the author's. */
    private static final Duration EDIT_SLACK = Duration.ofMinutes(1);

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    MessageActionRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** Records {@code action}, carried by {@code received}. */
    void received(WaEvent.MessageReceived received, MessageAction action) {
        String chat = received.chat().toNonAd().toString();
        Target target = target(received, action.target());
        switch (action) {
            case MessageAction.Reaction reaction -> store(received, "reaction", Optional.of(reaction.emoji()), target,
                    Map.of("message_id", target.id(), "emoji", reaction.emoji()), "reaction");
            case MessageAction.Edit edit -> {
                if (!target.byItsAuthor()) {
                    log.info("device {}: ignoring an edit of {} in {} by {}, who did not write it", deviceId,
                            target.id(), chat, received.sender());
                    return;
                }
                String text = text(edit.newContent());
                Instant editedAt = edit.editedAt().orElse(received.timestamp());
                store(received, "edit", Optional.of(text), target, Map.of("message_id", target.id(), "text", text),
                        "edit", tx -> tx.messages().find(deviceId, chat, target.fromMe(), target.id())
                                .filter(original -> Duration.between(original.timestamp(), editedAt)
                                        .compareTo(MessageActionStanzas.EDIT_WINDOW.plus(EDIT_SLACK)) <= 0)
                                .map(original -> tx.messages().applyEdit(deviceId, chat, target.fromMe(),
                                        target.id(), text)).orElse(false));
            }
            case MessageAction.Revoke revoke -> revoked(received, target);
        }
    }

    private void store(WaEvent.MessageReceived received, String type, Optional<String> text, Target target,
                       Map<String, Object> action, String actionKey) {
        store(received, type, text, target, action, actionKey, tx -> true);
    }

    private void store(WaEvent.MessageReceived received, String type, Optional<String> text, Target target,
                       Map<String, Object> action, String actionKey,
                       java.util.function.Function<dev.wagateway.core.transaction.Transaction, Boolean> apply) {
        StoredMessage message = row(received, type, text, target);
        recorder.commit(tx -> {
            if (!tx.messages().insertIfAbsent(message)) {
                return 0; // a redelivery
            }
            boolean applied = apply.apply(tx);
            Map<String, Object> data = MessagePayloads.of(message);
            data.put(actionKey, action);
            if (type.equals("edit")) {
                data.put("applied", applied);
            }
            return recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.MESSAGE_RECEIVED, data,
                    message.chat()));
        });
        log.info("device {}: {} of {} in {} from {}", deviceId, type, target.id(), message.chat(), received.sender());
    }

    private void revoked(WaEvent.MessageReceived received, Target target) {
        String chat = received.chat().toNonAd().toString();
        if (!target.byItsAuthor() && !received.chat().isGroup()) {
            log.info("device {}: ignoring a revoke of {} in {} by {}, who did not write it", deviceId, target.id(),
                    chat, received.sender());
            return;
        }
        StoredMessage message = row(received, "revoke", Optional.empty(), target);
        recorder.commit(tx -> {
            if (!tx.messages().insertIfAbsent(message)) {
                return 0;
            }
            tx.messages().markRevoked(deviceId, chat, target.fromMe(), target.id());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message_id", target.id());
            data.put("from", target.author());
            data.put("chat", chat);
            data.put("timestamp", received.timestamp().getEpochSecond());
            data.put("deleted_by", received.sender().toNonAd().toString());
            data.put("is_from_me", target.fromMe());
            data.put("revoke_message_id", received.id());
            return recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.MESSAGE_DELETED, data,
                    chat));
        });
        log.info("device {}: message {} in {} deleted by {}", deviceId, target.id(), chat, received.sender());
    }

    private StoredMessage row(WaEvent.MessageReceived received, String type, Optional<String> text, Target target) {
        return new StoredMessage(deviceId, received.chat().toNonAd().toString(),
                received.sender().toNonAd().toString(), received.id(), received.fromMe(),
                received.fromMe() ? MessageDirection.OUTGOING : MessageDirection.INCOMING, type, text,
                Optional.empty(), Optional.empty(), Optional.of(target.id()), received.pushName(),
                received.timestamp(), received.fromMe() ? MessageStatus.SENT : MessageStatus.RECEIVED);
    }

    /**
     * The message acted on, as this device stores it. The key is written from the acting sender's side:
     * {@code fromMe} means the sender's own message; otherwise the author is the named participant (groups) or, in
     * a 1:1 chat, the other party of the sender.
     *
     * @param fromMe       whether the target is our own account's message
     * @param author       who wrote it (user JID)
     * @param byItsAuthor  whether the action's sender wrote the target
     */
    private record Target(String id, boolean fromMe, String author, boolean byItsAuthor) {
    }

    private Target target(WaEvent.MessageReceived received, MessageKey key) {
        String own = ownPhone.get();
        Jid sender = received.sender().toNonAd();
        if (key.getFromMe()) {
            return new Target(key.getId(), received.fromMe(), sender.toString(), true);
        }
        if (key.hasParticipant() && !key.getParticipant().isEmpty()) {
            Jid author = Jid.tryParse(key.getParticipant()).map(Jid::toNonAd).orElse(sender);
            return new Target(key.getId(), author.user().equals(own), author.toString(),
                    author.user().equals(sender.user()));
        }
        // 1:1, not the sender's own message: it is the other party's
        if (received.fromMe()) {
            return new Target(key.getId(), false, received.chat().toNonAd().toString(), false);
        }
        return new Target(key.getId(), true, Jid.user(own).toString(), false);
    }

    private static String text(Message content) {
        if (content.hasConversation()) {
            return content.getConversation();
        }
        if (content.hasExtendedTextMessage()) {
            return content.getExtendedTextMessage().getText();
        }
        return ContentSummary.of(content).caption().orElse("");
    }
}
