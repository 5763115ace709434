package dev.wagateway.protocol.event;

import dev.wagateway.protocol.appstate.AppStateChange;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.history.HistoryConversation;
import dev.wagateway.protocol.history.HistoryLidMapping;
import dev.wagateway.protocol.history.HistoryPushName;
import dev.wagateway.protocol.history.HistorySyncType;
import dev.wagateway.protocol.group.GroupNotification;
import dev.wagateway.protocol.presence.ChatState;
import dev.wagateway.protocol.proto.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client reports to its listeners, in order per client. A closed family: switch over it with patterns.
 */
public sealed interface WaEvent {

    /**
     * Show this QR code (protocol §4.2) for {@code expiresIn}; a new one follows, until the refs run out
     * ({@link PairFailure} with reason {@code qr-timeout}).
     */
    record QrCode(String text, Duration expiresIn) implements WaEvent {
    }

    /** The phone linked this device; the client reconnects with the login payload next. */
    record PairSuccess(Jid jid, Optional<Jid> lid, String platform, String businessName) implements WaEvent {
    }

    /** Pairing failed (tampered or unverifiable answer, QR codes exhausted, code pairing refused); nothing stored. */
    record PairFailure(String reason) implements WaEvent {
    }

    /**
     * Logged in: the server accepted our credentials and the client is ready to send.
     *
     * @param pushName     our account's display name, empty when not known
     * @param platform     the primary device's platform from pairing ({@code android}, ...), possibly empty
     * @param businessName the business name of a business account, else empty
     */
    record Connected(Jid jid, String pushName, String platform, String businessName) implements WaEvent {
        /** Checks presence. */
        public Connected {
            Objects.requireNonNull(jid, "jid");
            pushName = pushName == null ? "" : pushName;
            platform = platform == null ? "" : platform;
            businessName = businessName == null ? "" : businessName;
        }
    }

    /**
     * The connection ended; {@code reconnecting} tells whether the client tries again by itself.
     *
     * @param connectFailure the server refused the login ({@code <failure>}, protocol §13.3) rather than the
     *                       connection ending
     */
    record Disconnected(String reason, boolean reconnecting, boolean connectFailure) implements WaEvent {
    }

    /**
     * A contact's identity key changed (the {@code encrypt} notification with {@code <identity>}, protocol §5): the
     * sessions with their devices were dropped and are built again from fresh keys at the next message.
     *
     * @param jid      the contact (no device part)
     * @param at       when the server says it changed
     * @param implicit true when noticed from a message rather than announced (whatsmeow {@code Implicit})
     */
    record IdentityChanged(Jid jid, Instant at, boolean implicit) implements WaEvent {
    }

    /**
     * The server refused the login with {@code <failure reason="N">} (protocol §13.2). Emitted before the
     * {@link Disconnected} or {@link LoggedOut} the refusal leads to; {@link ConnectFailureReason} says which of
     * whatsmeow's cases it is (logged out, temporary ban, client outdated, or a failure to surface).
     *
     * @param reason  the refusal
     * @param message the server's {@code message} attribute, empty when absent
     */
    record ConnectFailure(ConnectFailureReason reason, String message) implements WaEvent {
        /** Checks presence. */
        public ConnectFailure {
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
        }
    }

    /**
     * A keepalive ping went unanswered by its deadline; the connection stays up until pings have failed for longer
     * than the tolerance (whatsmeow {@code KeepAliveTimeout}).
     *
     * @param errorCount  pings failed in a row
     * @param lastSuccess when a ping was last answered (or the connection opened)
     */
    record KeepaliveTimeout(int errorCount, Instant lastSuccess) implements WaEvent {
    }

    /** A ping was answered again after {@link KeepaliveTimeout}s (whatsmeow {@code KeepAliveRestored}). */
    record KeepaliveRestored() implements WaEvent {
    }

    /**
     * The account unlinked this device (or refused it); credentials are cleared, the client stays stopped.
     *
     * @param jid our device address as it was before the credentials were cleared, when we were paired
     */
    record LoggedOut(String reason, Optional<Jid> jid) implements WaEvent {
    }

    /** Another connection with the same credentials took over; the client stays stopped. */
    record Replaced() implements WaEvent {
    }

    /**
     * A message was decrypted. The client acknowledges it to the server (delivery receipt) only after the
     * listener's returned stage completed normally; until then the server keeps it queued.
     *
     * @param id        the message id
     * @param chat      the conversation: the peer's user JID, or a group
     * @param sender    the sending device
     * @param fromMe    sent by another device of our own account
     * @param pushName  the sender's display name, empty when unknown
     * @param timestamp the server's timestamp
     * @param offline   delivered from the offline queue
     * @param message   the content, with {@code deviceSentMessage} already unwrapped
     */
    record MessageReceived(String id, Jid chat, Jid sender, boolean fromMe, String pushName, Instant timestamp,
                           boolean offline, Message message) implements WaEvent {
        /** Checks presence. */
        public MessageReceived {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(message, "message");
            pushName = pushName == null ? "" : pushName;
        }
    }

    /**
     * A message could not be decrypted (no session, bad MAC, unknown sender key...). It is acknowledged once the
     * listener's stage completes.
     *
     * @param unavailable     the server sent no ciphertext but an {@code <unavailable>} placeholder (content this
     *                        companion is not given, e.g. view-once)
     * @param unavailableType that placeholder's {@code type}, empty when there is none
     */
    record UndecryptableMessage(String id, Jid chat, Jid sender, Instant timestamp, String reason, boolean unavailable,
                                String unavailableType) implements WaEvent {
        /** Checks presence. */
        public UndecryptableMessage {
            unavailableType = unavailableType == null ? "" : unavailableType;
        }
    }

    /**
     * A receipt about messages we sent (protocol §7.5).
     *
     * @param type the receipt type: {@code delivered} when the stanza had none, else {@code read}, {@code played},
     *             {@code sender}, {@code inactive}, ...
     */
    record ReceiptReceived(Jid chat, Jid sender, List<String> messageIds, String type, Instant timestamp)
            implements WaEvent {
        /** Copies the ids. */
        public ReceiptReceived {
            messageIds = List.copyOf(messageIds);
        }
    }

    /**
     * The answer to a media re-upload request (protocol §9.6, {@code mediaretry}): the sender's phone uploaded the
     * file of message {@code messageId} again, or answered an error.
     *
     * @param sender    who sent the message (the participant in groups, else the chat, or us when {@code fromMe})
     * @param errorCode the phone's error ({@code 2}: it no longer has the file), empty when it re-uploaded
     */
    record MediaRetryReceived(String messageId, Jid chat, Jid sender, boolean fromMe, Optional<Integer> errorCode,
                              Instant timestamp) implements WaEvent {
    }

    /**
     * A change to a group we are in, announced by the server ({@code w:gp2}): members added, removed, promoted or
     * demoted, a new subject, description or setting, an invite reset, join requests, community links. The
     * client has already folded member changes into the member list it sends to.
     */
    record GroupChanged(GroupNotification change) implements WaEvent {
    }

    /**
     * A contact's presence, for a contact we subscribed to ({@code <presence from [type="unavailable"] [last]>},
     * protocol §12.7).
     *
     * @param from        the user
     * @param unavailable offline; absent {@code type} means online
     * @param lastSeen    when they were last online, when they let us see it ({@code last="deny"} hides it)
     */
    record PresenceChanged(Jid from, boolean unavailable, Optional<Instant> lastSeen) implements WaEvent {
        /** Checks presence. */
        public PresenceChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }
    }

    /**
     * Someone is typing, recording or stopped in a chat ({@code <chatstate>}, protocol §12.7).
     *
     * @param chat   the conversation: the user's JID, or a group
     * @param sender who is typing (the participant in a group)
     * @param fromMe the sender is our own account (another of its devices)
     * @param state  composing, recording (composing with {@code media="audio"}) or paused
     */
    record ChatPresence(Jid chat, Jid sender, boolean fromMe, ChatState state) implements WaEvent {
        /** Checks presence. */
        public ChatPresence {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * A batch of chats and their messages from a history sync our phone sent (protocol §8.8). The next batch is read
     * only once every listener is done with this one.
     *
     * @param notificationId the id of the history sync notification message (the same when it is delivered again)
     */
    record HistoryConversations(String notificationId, HistorySyncType type, List<HistoryConversation> conversations)
            implements WaEvent {
        /** Copies the list. */
        public HistoryConversations {
            Objects.requireNonNull(notificationId, "notificationId");
            Objects.requireNonNull(type, "type");
            conversations = List.copyOf(conversations);
        }
    }

    /** A batch of contacts' push names from a history sync. */
    record HistoryPushNames(String notificationId, List<HistoryPushName> pushNames) implements WaEvent {
        /** Copies the list. */
        public HistoryPushNames {
            Objects.requireNonNull(notificationId, "notificationId");
            pushNames = List.copyOf(pushNames);
        }
    }

    /** A batch of PN↔LID mappings from a history sync, already kept in the device's store. */
    record HistoryLidMappings(String notificationId, List<HistoryLidMapping> mappings) implements WaEvent {
        /** Copies the list. */
        public HistoryLidMappings {
            Objects.requireNonNull(notificationId, "notificationId");
            mappings = List.copyOf(mappings);
        }
    }

    /**
     * A chat setting changed through app state (protocol §10.7): by the phone or another companion, or read from a
     * snapshot during a full sync.
     *
     * @param chat      the chat the setting belongs to
     * @param setting   what it is now
     * @param timestamp when the change was made (the action's timestamp)
     * @param fullSync  read from a snapshot (initial sync or recovery), not a single change
     * @param actionRaw the action as its protobuf text, for the {@code action_raw} of the webhook event
     */
    record ChatSettingChanged(Jid chat, ChatSetting setting, Instant timestamp, boolean fullSync, String actionRaw)
            implements WaEvent {
        /** Checks presence. */
        public ChatSettingChanged {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(timestamp, "timestamp");
            actionRaw = actionRaw == null ? "" : actionRaw;
        }
    }

    /**
     * Another app-state change the phone or another companion made (a star, a delete for me, a label, a contact's
     * name, an account setting), or one read from a snapshot during a full sync.
     *
     * @param change    what changed
     * @param timestamp when (the action's timestamp)
     * @param fullSync  read from a snapshot (initial sync or recovery), not a single change
     * @param actionRaw the action as its protobuf text, for the {@code action_raw} of the webhook event
     */
    record AppStateChanged(AppStateChange change, Instant timestamp, boolean fullSync, String actionRaw)
            implements WaEvent {
        /** Checks presence. */
        public AppStateChanged {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(timestamp, "timestamp");
            actionRaw = actionRaw == null ? "" : actionRaw;
        }
    }

    /**
     * A history sync was handed over completely (after its last batch); an unreadable one is announced with nothing
     * in it. The notification is acknowledged once the listeners are done with this.
     *
     * @param chunkOrder    the chunk's place in a multi-part sync
     * @param progress      the phone's progress through the whole sync, 0–100
     * @param conversations how many chats this chunk carried
     * @param messages      how many messages this chunk carried
     */
    record HistorySynced(String notificationId, HistorySyncType type, int chunkOrder, int progress,
                         int conversations, int messages) implements WaEvent {
        /** Checks presence. */
        public HistorySynced {
            Objects.requireNonNull(notificationId, "notificationId");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The account's push name as app state holds it ({@code setting_pushName}); the client has saved it as the
     * device's push name already.
     */
    record PushNameSetting(String name, Instant timestamp, boolean fullSync) implements WaEvent {
        /** Checks presence. */
        public PushNameSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /**
     * One app-state collection is up to date (protocol §10.3).
     *
     * @param name     the collection
     * @param version  its version now
     * @param recovery it was rebuilt from a snapshot after a MAC mismatch
     */
    record AppStateSynced(String name, long version, boolean recovery) implements WaEvent {
    }

    /**
     * Syncing one app-state collection failed; the collection stays at its last good version.
     *
     * @param name     the collection
     * @param fullSync the failed attempt was a full resync
     * @param error    what went wrong (a missing key is asked of the phone; a sync follows when it arrives)
     */
    record AppStateSyncFailed(String name, boolean fullSync, String error) implements WaEvent {
    }

    /** One app-state mutation was applied ({@code index} as in protocol §10.7), whatever its kind. */
    record AppStatePatchReceived(List<String> index) implements WaEvent {
        /** Copies the index. */
        public AppStatePatchReceived {
            index = List.copyOf(index);
        }
    }
}
