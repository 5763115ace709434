package dev.wagateway.core.chat;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.protocol.event.WaEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's app-state changes (api.md §7.9 "app-state mirrors"): a chat setting the phone or another companion
 * changed is stored on the chat and announced ({@code chat.archive}, {@code chat.pin}, {@code chat.mute},
 * {@code chat.mark_read}, {@code chat.clear}, {@code chat.delete}) in one transaction; the push name setting is
 * announced as {@code pushname.setting}; the {@code appstate.*} events only when
 * {@code WHATSAPP_APPSTATE_WEBHOOK_ENABLED}.
 */
public final class ChatSettingsRecorder {

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;
    private final boolean appStateEvents;

    /**
     * @param ownPhone       the device's own number, read when an event is made
     * @param appStateEvents whether the {@code appstate.*} events are emitted
     */
    public ChatSettingsRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder,
                                boolean appStateEvents) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
        this.appStateEvents = appStateEvents;
    }

    /** A chat setting changed on another device of the account. */
    public void changed(WaEvent.ChatSettingChanged change) {
        String chat = change.chat().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chat", chat);
        data.put("timestamp", change.timestamp().getEpochSecond());
        switch (change.setting()) {
            case ChatSetting.Clear clear -> data.put("delete_media", clear.deleteMedia());
            case ChatSetting.Delete delete -> data.put("delete_media", delete.deleteMedia());
            default -> {
                // the other settings carry no extra field
            }
        }
        data.put("from_full", change.fullSync());
        data.put("action_raw", change.actionRaw());
        GatewayEvent event = recorder.event(deviceId, ownPhone.get(), type(change.setting()), data, chat);
        recorder.commit(tx -> {
            tx.chats().apply(deviceId, chat, change.setting(), change.timestamp());
            return recorder.record(tx, event);
        });
    }

    /** The account's push name as app state holds it. */
    public void pushName(WaEvent.PushNameSetting setting) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("timestamp", setting.timestamp().getEpochSecond());
        data.put("from_full", setting.fullSync());
        data.put("push_name", setting.name());
        data.put("action_raw", "push_name_setting { name: \"" + setting.name().replace("\"", "\\\"") + "\" }");
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.PUSHNAME_SETTING, data, ""));
    }

    /** A collection is up to date. */
    public void synced(WaEvent.AppStateSynced synced) {
        if (appStateEvents) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", synced.name());
            data.put("version", synced.version());
            data.put("recovery", synced.recovery());
            recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.APPSTATE_SYNC_COMPLETE, data, ""));
        }
    }

    /** A collection could not be synced. */
    public void syncFailed(WaEvent.AppStateSyncFailed failed) {
        if (appStateEvents) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", failed.name());
            data.put("full_sync", failed.fullSync());
            data.put("error", failed.error());
            recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.APPSTATE_SYNC_ERROR, data, ""));
        }
    }

    /** One mutation was applied. */
    public void patchReceived(WaEvent.AppStatePatchReceived patch) {
        if (appStateEvents) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("index", patch.index());
            recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.APPSTATE_PATCH_RECEIVED, data,
                    ""));
        }
    }

    private static String type(ChatSetting setting) {
        return switch (setting) {
            case ChatSetting.Archive archive -> EventTypes.CHAT_ARCHIVE;
            case ChatSetting.Pin pin -> EventTypes.CHAT_PIN;
            case ChatSetting.Mute mute -> EventTypes.CHAT_MUTE;
            case ChatSetting.MarkRead read -> EventTypes.CHAT_MARK_READ;
            case ChatSetting.Clear clear -> EventTypes.CHAT_CLEAR;
            case ChatSetting.Delete delete -> EventTypes.CHAT_DELETE;
        };
    }
}
