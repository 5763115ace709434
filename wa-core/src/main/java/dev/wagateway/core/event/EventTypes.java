package dev.wagateway.core.event;

/**
 * The catalogue names (api.md §7.9) of the events the gateway emits today. There is no {@code message.sent}: a send
 * through the API produces no event, its progress is reported by {@code message.delivered/read/played}.
 */
public final class EventTypes {

    /** An incoming message, with its content. */
    public static final String MESSAGE_RECEIVED = "message.received";
    /** An incoming image, video, audio, document or sticker (in addition to {@code message.received}). */
    public static final String MEDIA_RECEIVED = "media.received";
    /** The sender's phone answered a media re-upload request. */
    public static final String MEDIA_RETRY = "media.retry";
    /** An incoming poll. */
    public static final String POLL_CREATED = "poll.created";
    /** An incoming vote on a poll (decrypted or not). */
    public static final String POLL_VOTE = "poll.vote";
    /** Same trigger as {@code poll.vote} (api.md §7.9). */
    public static final String POLL_UPDATE = "poll.update";
    /** A vote that could be decrypted with its poll's secret: the chosen options. */
    public static final String POLL_VOTE_DECRYPTED = "poll.vote_decrypted";
    /** Delivery receipt, one event per message id. */
    public static final String MESSAGE_DELIVERED = "message.delivered";
    /** Read receipt. */
    public static final String MESSAGE_READ = "message.read";
    /** Played receipt. */
    public static final String MESSAGE_PLAYED = "message.played";
    /** A message was deleted for everyone (a revoke arrived). */
    public static final String MESSAGE_DELETED = "message.deleted";
    /** A message could not be decrypted. */
    public static final String MESSAGE_UNDECRYPTABLE = "message.undecryptable";
    /**
     * WhatsApp refused a message with 463 (reach-out restricted); new-contact sends are refused for a while. A
     * Java-only extension of the catalogue (issue 22).
     */
    public static final String MESSAGE_REACH_OUT_REFUSED = "message.reach_out_refused";
    /** A new QR code to scan. */
    public static final String CONNECTION_QR = "connection.qr";
    /** Pairing succeeded. */
    public static final String CONNECTION_PAIR_SUCCESS = "connection.pair_success";
    /** Pairing failed. */
    public static final String CONNECTION_PAIR_ERROR = "connection.pair_error";
    /** Logged in and ready. */
    public static final String CONNECTION_CONNECTED = "connection.connected";
    /** The connection closed. */
    public static final String CONNECTION_DISCONNECTED = "connection.disconnected";
    /** WhatsApp ended the session. */
    public static final String CONNECTION_LOGGED_OUT = "connection.logged_out";
    /** Another connection took the session over. */
    public static final String CONNECTION_STREAM_REPLACED = "connection.stream_replaced";
    /** WhatsApp refused the login for a reason that is neither a logout, a ban nor an outdated client. */
    public static final String CONNECTION_CONNECT_FAILURE = "connection.connect_failure";
    /** WhatsApp refused the login with a temporary ban. */
    public static final String CONNECTION_TEMPORARY_BAN = "connection.temporary_ban";
    /** WhatsApp refused the login because the web version is retired. */
    public static final String CONNECTION_CLIENT_OUTDATED = "connection.client_outdated";
    /** A keepalive ping went unanswered. */
    public static final String CONNECTION_KEEPALIVE_TIMEOUT = "connection.keepalive_timeout";
    /** Keepalive pings are answered again. */
    public static final String CONNECTION_KEEPALIVE_RESTORED = "connection.keepalive_restored";
    /** This account was added to, or joined, a group. */
    public static final String GROUP_JOIN = "group.join";
    /** This account left, or was removed from, a group. */
    public static final String GROUP_LEAVE = "group.leave";
    /** Any change to a group. */
    public static final String GROUP_INFO_UPDATE = "group.info_update";
    /** Members added, removed, promoted or demoted. */
    public static final String GROUP_PARTICIPANT_UPDATE = "group.participant_update";
    /** A contact we subscribed to went online or offline. */
    public static final String PRESENCE_UPDATE = "presence.update";
    /** Someone is typing, recording or stopped in a chat. */
    public static final String CHAT_PRESENCE = "chat.presence";
    /** A history sync chunk from the phone was stored. */
    public static final String HISTORY_SYNC = "history.sync";
    /** The phone's history sync reached 100 %. */
    public static final String HISTORY_SYNC_COMPLETE = "history.sync_complete";
    /** A contact's name, as the account's phone gives it, is new or changed. */
    public static final String CONTACT_UPDATE = "contact.update";
    /** A contact's push name (the name they gave themselves) is new or changed. */
    public static final String PUSHNAME_UPDATE = "pushname.update";
    /** A contact's identity key changed (re-registered phone). */
    public static final String IDENTITY_CHANGE = "identity.change";
    /** A chat archived or unarchived on another device (app-state mirror). */
    public static final String CHAT_ARCHIVE = "chat.archive";
    /** A chat pinned or unpinned on another device. */
    public static final String CHAT_PIN = "chat.pin";
    /** A chat muted or unmuted on another device. */
    public static final String CHAT_MUTE = "chat.mute";
    /** A chat marked read or unread on another device. */
    public static final String CHAT_MARK_READ = "chat.mark_read";
    /** A chat cleared on another device. */
    public static final String CHAT_CLEAR = "chat.clear";
    /** A chat deleted on another device. */
    public static final String CHAT_DELETE = "chat.delete";
    /** A message starred or unstarred on another device (app-state mirror). */
    public static final String CHAT_STAR = "chat.star";
    /** A message deleted for this account only, on another device. */
    public static final String CHAT_DELETE_FOR_ME = "chat.delete_for_me";
    /** A label made, renamed or deleted on another device. */
    public static final String LABEL_EDIT = "label.edit";
    /** A label put on or taken off a chat on another device. */
    public static final String LABEL_CHAT = "label.chat";
    /** A label put on or taken off a message on another device. */
    public static final String LABEL_MESSAGE = "label.message";
    /** The "keep chats archived" setting changed on another device. */
    public static final String SETTINGS_UNARCHIVE_CHATS = "settings.unarchive_chats";
    /** A contact's status updates muted or unmuted on another device. */
    public static final String STATUS_MUTE = "status.mute";
    /** The account's push name as app state holds it. */
    public static final String PUSHNAME_SETTING = "pushname.setting";
    /** An app-state collection is up to date (only with WHATSAPP_APPSTATE_WEBHOOK_ENABLED). */
    public static final String APPSTATE_SYNC_COMPLETE = "appstate.sync_complete";
    /** An app-state collection could not be synced (only with WHATSAPP_APPSTATE_WEBHOOK_ENABLED). */
    public static final String APPSTATE_SYNC_ERROR = "appstate.sync_error";
    /** An app-state mutation was applied (only with WHATSAPP_APPSTATE_WEBHOOK_ENABLED). */
    public static final String APPSTATE_PATCH_RECEIVED = "appstate.patch_received";
    /** The webhook test. */
    public static final String TEST_PING = "test.ping";

    private EventTypes() {
    }
}
