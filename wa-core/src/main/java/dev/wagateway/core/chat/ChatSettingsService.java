package dev.wagateway.core.chat;

import dev.wagateway.core.address.ChatAddress;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.ConflictException;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.SyncActionMessageRange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Chat settings through app state (api.md rows 36, 37, 70–72) and the device's chat list: archive, pin and mute
 * are sent as patches to every device of the account and stored on the chat once WhatsApp took them; a collection
 * is fetched on request (its changes arrive as events); {@code GET /chats} lists the chats with their settings and
 * newest message.
 */
public final class ChatSettingsService {

    /** The most chats one page lists. */
    public static final int MAX_PAGE = 100;
    /** The chats a page lists when the request does not say. */
    public static final int DEFAULT_PAGE = 20;

    private final DeviceCalls calls;
    private final RegistrationLookup registrations;
    private final ChatRepository chats;
    private final Clock clock;

    public ChatSettingsService(DeviceCalls calls, RegistrationLookup registrations, ChatRepository chats,
                               Clock clock) {
        this.calls = calls;
        this.registrations = registrations;
        this.chats = chats;
        this.clock = clock;
    }

    /** Row 36: archives or unarchives {@code chat} (resolved leniently, R2). */
    public void archive(UUID deviceId, String chat, boolean archived) {
        set(deviceId, lenient(deviceId, chat), new ChatSetting.Archive(archived), "archive chat");
    }

    /** Row 37: pins or unpins {@code chat} (R2). */
    public void pin(UUID deviceId, String chat, boolean pinned) {
        set(deviceId, lenient(deviceId, chat), new ChatSetting.Pin(pinned), "pin chat");
    }

    /**
     * Row 71 {@code mute}: mutes {@code chat} (checked, R1) for {@code duration} (zero or absent: for ever), or
     * unmutes it.
     */
    public void mute(UUID deviceId, String chat, boolean muted, Optional<Duration> duration) {
        Optional<Instant> until = duration.filter(d -> !d.isZero()).map(d -> clock.instant().plus(d));
        set(deviceId, checked(deviceId, chat), new ChatSetting.Mute(muted, muted ? until : Optional.empty()),
                "send app state");
    }

    /**
     * §6.3 {@code POST /chats/{chat}/mute} (R2): mutes {@code chat} for {@code seconds} (zero: for ever), or unmutes
     * it.
     *
     * @throws InvalidRequestException for a negative duration ({@code duration must be >= 0})
     */
    public void muteChat(UUID deviceId, String chat, boolean muted, long seconds) {
        if (seconds < 0) {
            throw new InvalidRequestException("duration must be >= 0");
        }
        Optional<Instant> until = muted && seconds > 0 ? Optional.of(clock.instant().plusSeconds(seconds))
                : Optional.empty();
        set(deviceId, lenient(deviceId, chat), new ChatSetting.Mute(muted, until), "mute chat");
    }

    /**
     * §6.3 {@code POST /chats/{chat}/mark-read} (R2): marks {@code chat} read or unread on every device of the
     * account, up to the message sent at {@code lastMessage} (absent: the newest stored message of the chat).
     */
    public void markRead(UUID deviceId, String chat, boolean read, Optional<Instant> lastMessage) {
        Jid jid = lenient(deviceId, chat);
        SyncActionMessageRange range = lastMessage
                .map(at -> SyncActionMessageRange.newBuilder().setLastMessageTimestamp(at.getEpochSecond()).build())
                .orElseGet(() -> lastMessageRange(deviceId, jid));
        set(deviceId, jid, new ChatSetting.MarkRead(read), "mark chat read", range);
    }

    /**
     * §6.3 {@code DELETE /chats/{chat}} (R2): deletes {@code chat} from the chat list of every device of the account
     * ({@code deleteChatAction}); the stored messages stay (the chat is listed again with a later message).
     */
    public void deleteChat(UUID deviceId, String chat, boolean deleteMedia) {
        set(deviceId, lenient(deviceId, chat), new ChatSetting.Delete(deleteMedia), "delete chat");
    }

    /** Row 71 {@code pin}: pins or unpins {@code chat} (checked, R1). */
    public void pinChecked(UUID deviceId, String chat, boolean pinned) {
        set(deviceId, checked(deviceId, chat), new ChatSetting.Pin(pinned), "send app state");
    }

    /**
     * Row 70: syncs collection {@code name} (its changes arrive as events).
     *
     * @throws InvalidRequestException for a name that is not a collection
     */
    public void fetch(UUID deviceId, String name, boolean fullSync, boolean onlyIfNotSynced) {
        if (!AppState.COLLECTIONS.contains(name)) {
            throw new InvalidRequestException("invalid app state name: " + name + " (one of "
                    + String.join(", ", AppState.COLLECTIONS) + ")");
        }
        calls.call(deviceId, "fetch app state", client -> client.appState().sync(name, fullSync, onlyIfNotSynced));
    }

    /** Row 72: tells WhatsApp the dirty bit {@code cleanType} is dealt with. */
    public void markClean(UUID deviceId, String cleanType, Instant timestamp) {
        calls.call(deviceId, "mark app state as clean", client -> client.appState().markClean(cleanType, timestamp));
    }

    /** The device's chats, pinned first then newest first. */
    public List<ChatSummary> list(UUID deviceId, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidRequestException("limit must be a number between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new InvalidRequestException("offset must be 0 or more");
        }
        return chats.list(deviceId, limit, offset);
    }

    /**
     * One chat of the device.
     *
     * @throws NotFoundException when the device has neither settings nor messages for it
     */
    public ChatSummary chat(UUID deviceId, String chat) {
        String jid = ChatAddress.resolveStored(chat).map(Jid::toString).orElse(chat);
        return chats.find(deviceId, jid).orElseThrow(() -> new NotFoundException("chat not found: " + chat));
    }

    private void set(UUID deviceId, Jid chat, ChatSetting setting, String what) {
        set(deviceId, chat, setting, what, lastMessageRange(deviceId, chat));
    }

    private void set(UUID deviceId, Jid chat, ChatSetting setting, String what, SyncActionMessageRange range) {
        Instant now = clock.instant();
        if (!calls.client(deviceId).appState().hasSyncKey()) {
            // right after linking, until the phone's key share arrives: worth a retry, not a failure
            throw new ConflictException("failed to " + what + ": the phone has not shared its app-state key yet");
        }
        calls.call(deviceId, what, client -> client.appState().setChat(chat, setting, range));
        chats.apply(deviceId, chat.toString(), setting, now);
    }

    /** The chat's newest message, as the archive and mark-read actions carry it (protocol §10.7). */
    private SyncActionMessageRange lastMessageRange(UUID deviceId, Jid chat) {
        return chats.find(deviceId, chat.toString()).flatMap(ChatSummary::lastMessage)
                .map(last -> SyncActionMessageRange.newBuilder()
                        .setLastMessageTimestamp(last.timestamp().getEpochSecond()).build())
                .orElse(SyncActionMessageRange.getDefaultInstance());
    }

    /**
     * R2: a chat that resolves, else a refusal before anything is sent: a malformed chat is a 400 (Orig acts on an
     * empty JID and fails with a 500; a request that cannot work is the caller's error), an unregistered number
     * WhatsApp's answer.
     */
    private Jid lenient(UUID deviceId, String chat) {
        try {
            return ChatAddress.resolve(ChatAddress.parse(chat), phone -> registrations.lookup(deviceId, phone));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid chat JID: " + e.getMessage());
        }
    }

    /** R1: the checked resolve; a bad chat is a 500 {@code Invalid chat JID: …} (row 71). */
    private Jid checked(UUID deviceId, String chat) {
        try {
            return ChatAddress.resolve(ChatAddress.parse(chat), phone -> registrations.lookup(deviceId, phone));
        } catch (GatewayException | IllegalArgumentException e) {
            throw new WhatsAppFailureException("Invalid chat JID: " + e.getMessage());
        }
    }
}
