package dev.wagateway.core.chat;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.appstate.AppStateChange;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.event.WaEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's app-state changes beyond chat settings (api.md §7.9 "app-state mirrors"): stars
 * ({@code chat.star}), deletes for me ({@code chat.delete_for_me}), labels ({@code label.edit}, {@code label.chat},
 * {@code label.message}), the unarchive setting ({@code settings.unarchive_chats}), status mutes
 * ({@code status.mute}) and contacts' names ({@code contact.update}, the name stored on the contact in the same
 * transaction).
 */
public final class AppStateChangeRecorder {

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    /** @param ownPhone the device's own number, read when an event is made */
    public AppStateChangeRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** A change made on another device of the account, or read in a full sync. */
    public void changed(WaEvent.AppStateChanged changed) {
        Map<String, Object> data = new LinkedHashMap<>();
        long at = changed.timestamp().getEpochSecond();
        String type;
        String chat = "";
        switch (changed.change()) {
            case AppStateChange.Star star -> {
                type = EventTypes.CHAT_STAR;
                chat = star.chat().toString();
                message(data, star.chat(), star.sender(), star.messageId(), at, star.fromMe());
            }
            case AppStateChange.DeleteForMe deleted -> {
                type = EventTypes.CHAT_DELETE_FOR_ME;
                chat = deleted.chat().toString();
                message(data, deleted.chat(), deleted.sender(), deleted.messageId(), at, deleted.fromMe());
            }
            case AppStateChange.LabelEdit edit -> {
                type = EventTypes.LABEL_EDIT;
                data.put("label_id", edit.labelId());
                data.put("timestamp", at);
            }
            case AppStateChange.LabelChat label -> {
                type = EventTypes.LABEL_CHAT;
                chat = label.chat().toString();
                data.put("label_id", label.labelId());
                data.put("timestamp", at);
                data.put("chat", chat);
            }
            case AppStateChange.LabelMessage label -> {
                type = EventTypes.LABEL_MESSAGE;
                chat = label.chat().toString();
                data.put("label_id", label.labelId());
                data.put("timestamp", at);
                data.put("chat", chat);
                data.put("message_id", label.messageId());
            }
            case AppStateChange.UnarchiveChats setting -> {
                type = EventTypes.SETTINGS_UNARCHIVE_CHATS;
                data.put("timestamp", at);
            }
            case AppStateChange.StatusMute mute -> {
                type = EventTypes.STATUS_MUTE;
                data.put("target", mute.target().toString());
                data.put("timestamp", at);
            }
            case AppStateChange.Contact contact -> {
                contact(contact, changed);
                return;
            }
        }
        data.put("from_full", changed.fullSync());
        data.put("action_raw", changed.actionRaw());
        recorder.publish(recorder.event(deviceId, ownPhone.get(), type, data, chat));
    }

    /**
     * {@code contact.update} with the keys HistoryRecorder gives it ({@code action} as the action's fields), the
     * name kept on the contact: the full name, else the first name.
     */
    private void contact(AppStateChange.Contact contact, WaEvent.AppStateChanged changed) {
        String jid = contact.contact().toString();
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("fullName", contact.fullName());
        action.put("firstName", contact.firstName());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact_jid", jid);
        data.put("action", action);
        data.put("timestamp", changed.timestamp().toString());
        data.put("from_full", changed.fullSync());
        String name = contact.fullName().isEmpty() ? contact.firstName() : contact.fullName();
        Instant at = changed.timestamp();
        recorder.commit(tx -> {
            if (!name.isEmpty()) {
                tx.contacts().setName(deviceId, jid, name, at);
            }
            return recorder.record(tx, recorder.event(deviceId, ownPhone.get(), EventTypes.CONTACT_UPDATE, data,
                    jid));
        });
    }

    private static void message(Map<String, Object> data, Jid chat, Optional<Jid> sender, String messageId,
                                long at, boolean fromMe) {
        data.put("chat", chat.toString());
        data.put("sender", sender.map(Jid::toString).orElse(""));
        data.put("message_id", messageId);
        data.put("timestamp", at);
        data.put("is_from_me", fromMe);
    }
}
