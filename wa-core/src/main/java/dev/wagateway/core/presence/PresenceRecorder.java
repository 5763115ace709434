package dev.wagateway.core.presence;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.presence.ChatState;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's incoming presence and chat states as webhook events (api.md §7.9, §7.10): {@code presence.update}
 * for a contact's availability, {@code chat.presence} for typing, recording and paused; ordered per contact or
 * chat. Nothing else is stored: presence is a passing state.
 */
public final class PresenceRecorder {

    /** Go's zero time, as Orig serialises a last-seen it does not know. */
    static final String UNKNOWN_TIME = "0001-01-01T00:00:00Z";

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    /** @param ownPhone the device's own number, read when an event is made */
    public PresenceRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** A contact went online or offline. */
    public void presence(WaEvent.PresenceChanged event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", event.from().toString());
        data.put("unavailable", event.unavailable());
        data.put("last_seen", event.lastSeen().map(PresenceRecorder::time).orElse(UNKNOWN_TIME));
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.PRESENCE_UPDATE, data,
                event.from().toString()));
    }

    /** Someone typed, recorded or stopped in a chat. */
    public void chatPresence(WaEvent.ChatPresence event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chat", event.chat().toString());
        data.put("sender", event.sender().toString());
        data.put("is_from_me", event.fromMe());
        data.put("state", event.state() == ChatState.PAUSED ? "paused" : "composing");
        data.put("media", event.state() == ChatState.RECORDING ? "audio" : "");
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.CHAT_PRESENCE, data,
                event.chat().toString()));
    }

    /** A contact's identity key changed (api.md §7.9 {@code identity.change}). */
    public void identityChanged(WaEvent.IdentityChanged event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", event.jid().toString());
        data.put("timestamp", time(event.at()));
        data.put("implicit", event.implicit());
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.IDENTITY_CHANGE, data,
                event.jid().toString()));
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
