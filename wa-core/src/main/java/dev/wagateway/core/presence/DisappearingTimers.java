package dev.wagateway.core.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.disappearing.DisappearingMessages;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.GroupNotification;
import dev.wagateway.protocol.proto.Message;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The disappearing-messages timer of each chat, as this gateway set it (api.md row 69) or learned it (a contact's or
 * our other device's {@code EPHEMERAL_SETTING}, a group's {@code ephemeral} notification), so that what the device
 * sends next in that chat carries the expiration (protocol §7.6, as Baileys adds it). Held in memory: after a
 * restart, sends go without it until the timer is set or announced again.
 */
public final class DisappearingTimers {

    private record ChatKey(UUID deviceId, String chat) {
    }

    private final Map<ChatKey, Integer> timers = new ConcurrentHashMap<>();

    /** Notes {@code chat}'s timer; 0 turns it off. */
    public void set(UUID deviceId, Jid chat, int seconds) {
        ChatKey key = new ChatKey(deviceId, chat.toNonAd().toString());
        if (seconds <= 0) {
            timers.remove(key);
        } else {
            timers.put(key, seconds);
        }
    }

    /** {@code chat}'s timer in seconds, 0 when off or unknown. */
    public int timer(UUID deviceId, Jid chat) {
        return timers.getOrDefault(new ChatKey(deviceId, chat.toNonAd().toString()), 0);
    }

    /** {@code message} as it goes out in {@code chat}: with the chat's expiration when a timer is on. */
    public Message apply(UUID deviceId, Jid chat, Message message) {
        return DisappearingMessages.withExpiration(message, timer(deviceId, chat));
    }

    /** Notes the timer an incoming message sets (a 1:1 chat's {@code EPHEMERAL_SETTING}), if it sets one. */
    public void learn(UUID deviceId, WaEvent.MessageReceived received) {
        if (!received.chat().isGroup()) {
            DisappearingMessages.settingOf(received.message()).ifPresent(seconds ->
                    set(deviceId, received.chat(), seconds));
        }
    }

    /** Notes a group's new timer, announced by the server. */
    public void learn(UUID deviceId, WaEvent.GroupChanged changed) {
        if (changed.change() instanceof GroupNotification.EphemeralChanged ephemeral) {
            set(deviceId, ephemeral.context().group(), ephemeral.seconds());
        }
    }
}
