package dev.wagateway.core.presence;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.disappearing.DisappearingMessages;
import dev.wagateway.protocol.presence.ChatState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Presence and disappearing messages (api.md rows 67–69, §6.7 presence subscribe, §6.2 push name): typing and
 * recording indicators in a chat, the account's online status, subscriptions to a contact's presence, the push name
 * presence carries, and a chat's disappearing timer. As in Orig, the two presence rows swallow WhatsApp's errors
 * (api.md §12 item 26): a presence is a hint, never worth a failed request.
 */
public final class PresenceService {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    /** Row 69's timer names and their durations in seconds. */
    private static final Map<String, Integer> TIMERS = Map.of("off", 0, "24h", 86_400, "7d", 604_800,
            "90d", 7_776_000);

    private final DeviceCalls calls;
    private final RegistrationLookup registrations;
    private final DisappearingTimers timers;
    private final Clock clock;

    public PresenceService(DeviceCalls calls, RegistrationLookup registrations, DisappearingTimers timers,
                           Clock clock) {
        this.calls = calls;
        this.registrations = registrations;
        this.timers = timers;
        this.clock = clock;
    }

    /**
     * Row 67: shows typing ({@code state} {@code composing}), recording ({@code composing} with {@code media}
     * {@code audio}) or stops ({@code paused}; any other state) in {@code chat}, resolved leniently (R2): a chat
     * that does not resolve, or a device that cannot send, is logged and otherwise ignored.
     */
    public void sendChatPresence(UUID deviceId, String chat, String state, String media) {
        ChatState chatState = !"composing".equals(state) ? ChatState.PAUSED
                : "audio".equals(media) ? ChatState.RECORDING : ChatState.COMPOSING;
        Optional<Jid> target = lenient(deviceId, chat);
        if (target.isEmpty()) {
            log.debug("device {}: chat presence to {} dropped: the chat does not resolve", deviceId, chat);
            return;
        }
        swallowing(deviceId, "send chat presence", () -> calls.send(deviceId, "send chat presence",
                client -> client.presence().sendChatState(target.get(), chatState)));
    }

    /**
     * Row 68: the account is online ({@code available}) or offline (anything else). Without a push name WhatsApp's
     * clients send no presence ({@link #setPushName}); like every error here that is logged and ignored.
     */
    public void sendStatus(UUID deviceId, String status) {
        boolean available = "available".equals(status);
        swallowing(deviceId, "update presence status", () -> calls.send(deviceId, "update presence status",
                client -> client.presence().send(available)));
    }

    /**
     * §6.7: asks WhatsApp for {@code jid}'s presence, now and on each change (they arrive as
     * {@code presence.update} events). R3: a full user JID.
     *
     * @throws InvalidRequestException a blank or malformed JID
     */
    public void subscribe(UUID deviceId, String jid) {
        if (jid == null || jid.isBlank()) {
            throw new InvalidRequestException("jid is required");
        }
        Jid user = literalUser(jid);
        calls.send(deviceId, "subscribe to presence", client -> client.presence().subscribe(user));
    }

    /**
     * §6.1: delivery receipts say this device is active even while it has not announced itself available
     * ({@code true}), or follow its presence again ({@code false}: {@code inactive} until presence
     * {@code available}), as whatsmeow's {@code SetForceActiveDeliveryReceipts}. Held by the live client.
     */
    public void forceActiveReceipts(UUID deviceId, boolean active) {
        calls.send(deviceId, "force active receipts", client -> client.receipts().forceActiveDeliveryReceipts(active));
    }

    /**
     * §6.2: the account's display name, which this device announces with its presence (and so the name its
     * contacts see). It is also published through app state ({@code setting_pushName}, as whatsmeow's and Baileys'
     * clients do), so the phone and the account's other devices show it; before the phone shared its app-state key
     * (right after linking) it is kept on this device only.
     *
     * @throws InvalidRequestException an empty name or one over 25 characters
     */
    public void setPushName(UUID deviceId, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        calls.send(deviceId, "set push name", client -> client.presence().setPushName(name));
        if (calls.client(deviceId).appState().hasSyncKey()) {
            calls.call(deviceId, "set push name", client -> client.appState().setPushName(name.strip()));
        } else {
            log.info("device {}: push name kept on this device only: the phone has not shared its app-state key",
                    deviceId);
        }
    }

    /**
     * Row 69: the disappearing timer of {@code chat} ({@code off}, {@code 24h}, {@code 7d}, {@code 90d}). A group's
     * is set with the group IQ (WhatsApp refuses it to non-admins of a locked group), a 1:1 chat's by sending the
     * peer the {@code EPHEMERAL_SETTING} protocol message; then the device's next messages in the chat carry the
     * expiration. R3: a full JID.
     *
     * @throws InvalidRequestException an unknown timer ({@code Invalid timer value}) or a malformed JID
     */
    public void setDisappearingTimer(UUID deviceId, String chat, String timer) {
        Integer seconds = timer == null ? null : TIMERS.get(timer.strip().toLowerCase(Locale.ROOT));
        if (seconds == null) {
            throw new InvalidRequestException("Invalid timer value");
        }
        Jid target = literalChat(chat);
        if (target.isGroup()) {
            calls.call(deviceId, "set disappearing timer", client -> client.groups().setEphemeral(target, seconds));
        } else {
            calls.call(deviceId, "set disappearing timer", client -> client.messages().send(target,
                    DisappearingMessages.setting(seconds, clock.instant())));
        }
        timers.set(deviceId, target, seconds);
    }

    /** R2: a group as is, a number or user JID checked with WhatsApp; empty for anything that fails. */
    private Optional<Jid> lenient(UUID deviceId, String chat) {
        try {
            return Optional.of(ChatAddress.resolve(ChatAddress.parse(chat),
                    phone -> registrations.lookup(deviceId, phone)));
        } catch (GatewayException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void swallowing(UUID deviceId, String what, Runnable action) {
        try {
            action.run();
        } catch (GatewayException e) {
            log.info("device {}: {} ignored: {}", deviceId, what, e.getMessage());
        }
    }

    /** R3 for a chat: {@code user@server} as written, a user, LID or group. */
    private static Jid literalChat(String value) {
        Optional<Jid> jid = parsed(value);
        if (jid.isEmpty() || !(jid.get().isUser() || jid.get().isLid() || jid.get().isGroup())) {
            throw new InvalidRequestException("invalid JID format: " + value);
        }
        return jid.get().toNonAd();
    }

    /** R3 for a user: {@code user@server} as written, a user or LID. */
    private static Jid literalUser(String value) {
        Optional<Jid> jid = parsed(value);
        if (jid.isEmpty() || !(jid.get().isUser() || jid.get().isLid())) {
            throw new InvalidRequestException("invalid JID format: " + value);
        }
        return jid.get().toNonAd();
    }

    private static Optional<Jid> parsed(String value) {
        String text = value == null ? "" : value.strip();
        return (text.contains("@") ? Jid.tryParse(text) : Optional.<Jid>empty())
                .filter(jid -> !jid.user().isEmpty());
    }
}
