package dev.wagateway.core.history;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.message.ContentSummary;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.history.HistoryConversation;
import dev.wagateway.protocol.history.HistoryLidMapping;
import dev.wagateway.protocol.history.HistoryMessage;
import dev.wagateway.protocol.history.HistoryPushName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's history syncs (protocol §8.8): each batch of chats is stored in one transaction, its messages in the
 * same store as live ones (marked from history, a message the device already has kept as it is), the chats' names
 * as contact names; push names and LIDs go to the contacts. A name or push name that is new or changed is announced
 * ({@code contact.update}, {@code pushname.update}); the end of a chunk is announced once ({@code history.sync}, and
 * {@code history.sync_complete} at 100 %). The client acknowledges the notification only after the last of these
 * returned, so a restart in the middle takes the same sync again: stored rows are skipped and nothing is announced
 * twice.
 */
public final class HistoryRecorder {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    /** @param ownPhone the device's own number (digits), read when an event is made */
    public HistoryRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** Stores one batch of chats and their messages. */
    public void conversations(WaEvent.HistoryConversations batch) {
        List<StoredMessage> messages = new ArrayList<>();
        for (HistoryConversation conversation : batch.conversations()) {
            for (HistoryMessage message : conversation.messages()) {
                stored(message).ifPresent(messages::add);
            }
        }
        Instant now = recorder.clock().instant();
        int[] inserted = new int[1];
        recorder.commit(tx -> {
            inserted[0] = messages.isEmpty() ? 0 : tx.messages().insertHistory(messages);
            int events = 0;
            for (HistoryConversation conversation : batch.conversations()) {
                Jid chat = conversation.chat();
                if (chat.isUser() && !conversation.name().isBlank()) {
                    Optional<String> previous = tx.contacts().setName(deviceId, chat.toString(),
                            conversation.name(), now);
                    if (previous.isPresent()) {
                        events += contactUpdated(tx, chat.toString(), conversation.name(), now);
                    }
                }
            }
            return events;
        });
        log.debug("device {}: history sync {} batch: {} chats, {} messages ({} new)", deviceId,
                batch.notificationId(), batch.conversations().size(), messages.size(), inserted[0]);
    }

    /** Stores push names, announcing the new and changed ones. */
    public void pushNames(WaEvent.HistoryPushNames batch) {
        Instant now = recorder.clock().instant();
        recorder.commit(tx -> {
            int events = 0;
            for (HistoryPushName name : batch.pushNames()) {
                Optional<String> previous = tx.contacts().setPushName(deviceId, name.jid().toString(),
                        name.pushName(), now);
                if (previous.isPresent()) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("target", name.jid().toString());
                    data.put("target_alt", "");
                    data.put("old", previous.get());
                    data.put("new", name.pushName());
                    events += recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.PUSHNAME_UPDATE,
                            data, name.jid().toString()));
                }
            }
            return events;
        });
    }

    /** Notes contacts' LIDs. */
    public void lidMappings(WaEvent.HistoryLidMappings batch) {
        Instant now = recorder.clock().instant();
        recorder.commit(tx -> {
            for (HistoryLidMapping mapping : batch.mappings()) {
                tx.contacts().setLid(deviceId, mapping.phone().toString(), mapping.lid().toString(), now);
            }
            return 0;
        });
    }

    /** A chunk is complete: announced once, however often it is delivered. */
    public void synced(WaEvent.HistorySynced synced) {
        Instant now = recorder.clock().instant();
        recorder.commit(tx -> {
            if (!tx.historySyncs().recordTaken(deviceId, synced.notificationId(), synced.type().wireName(),
                    synced.chunkOrder(), synced.progress(), synced.conversations(), synced.messages(), now)) {
                return 0;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("sync_type", synced.type().wireName());
            data.put("progress", synced.progress());
            data.put("conversation_count", synced.conversations());
            int events = recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.HISTORY_SYNC, data,
                    ""));
            if (synced.progress() >= 100) {
                events += recorder.record(tx, recorder.event(deviceId, ownPhone.get(),
                        EventTypes.HISTORY_SYNC_COMPLETE, Map.of("sync_type", synced.type().wireName()), ""));
            }
            return events;
        });
        log.info("device {}: history sync {} ({}, progress {}) stored: {} chats, {} messages", deviceId,
                synced.notificationId(), synced.type(), synced.progress(), synced.conversations(), synced.messages());
    }

    private int contactUpdated(Transaction tx, String jid, String name, Instant at) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("fullName", name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact_jid", jid);
        data.put("action", action);
        data.put("timestamp", at.toString());
        data.put("from_full", true);
        return recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.CONTACT_UPDATE, data, jid));
    }

    /** A history message as a stored one; protocol messages and empty stubs are not kept. */
    private Optional<StoredMessage> stored(HistoryMessage message) {
        ContentSummary content = ContentSummary.of(message.message());
        if (content.type().equals("protocol")) {
            return Optional.empty();
        }
        return Optional.of(new StoredMessage(deviceId, message.chat().toString(), message.sender().toString(),
                message.id(), message.fromMe(), message.fromMe() ? MessageDirection.OUTGOING : MessageDirection.INCOMING,
                content.type(), content.text(), content.caption(), content.media(), content.quotedMessageId(),
                message.pushName(), message.timestamp(), message.fromMe() ? MessageStatus.SENT : MessageStatus.RECEIVED,
                true));
    }
}
