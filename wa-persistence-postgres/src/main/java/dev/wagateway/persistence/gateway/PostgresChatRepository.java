package dev.wagateway.persistence.gateway;

import dev.wagateway.core.chat.ChatRepository;
import dev.wagateway.core.chat.ChatSummary;
import dev.wagateway.protocol.appstate.ChatSetting;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Chats in {@code wa_chats} (their app-state settings, each with the time of its last change) joined with the newest
 * message of {@code wa_messages}; a chat the device only has messages for is listed with default settings.
 */
public final class PostgresChatRepository implements ChatRepository {

    /** The chats of a device: those with settings and those with messages, each with its newest message. */
    private static final String CHATS = """
            with known as (
                select chat_jid from wa_chats where device_id = :device
                union
                select distinct chat_jid from wa_messages where device_id = :device
            )
            select k.chat_jid, coalesce(c.archived, false) as archived, coalesce(c.pinned, false) as pinned,
                coalesce(c.muted, false) as muted, c.muted_until, coalesce(c.marked_unread, false) as marked_unread,
                c.deleted_at, m.message_id, m.sender_jid, m.from_me, m.message_type, coalesce(m.text, m.caption, '')
                    as text, m.sent_at
            from known k
            left join wa_chats c on c.device_id = :device and c.chat_jid = k.chat_jid
            left join lateral (
                select message_id, sender_jid, from_me, message_type, text, caption, sent_at from wa_messages
                where device_id = :device and chat_jid = k.chat_jid collate "C" -- idx_messages_chat_time (V405)
                order by sent_at desc, id desc limit 1
            ) m on true
            """;

    private static final RowMapper<ChatSummary> SUMMARY = (rs, ctx) -> {
        Optional<ChatSummary.LastMessage> last = rs.getString("message_id") == null ? Optional.empty()
                : Optional.of(new ChatSummary.LastMessage(rs.getString("message_id"), rs.getString("sender_jid"),
                rs.getBoolean("from_me"), rs.getString("message_type"), rs.getString("text"),
                Rows.instant(rs, "sent_at")));
        Timestamp until = rs.getTimestamp("muted_until");
        return new ChatSummary(rs.getString("chat_jid"), rs.getBoolean("archived"), rs.getBoolean("pinned"),
                rs.getBoolean("muted"), Optional.ofNullable(until).map(Timestamp::toInstant),
                rs.getBoolean("marked_unread"), last);
    };

    private final HandleSource handles;

    PostgresChatRepository(HandleSource handles) {
        this.handles = handles;
    }

    /** The columns one kind of change sets, and the column holding the time of that kind's last change. */
    private record Change(String assignments, String timeColumn, boolean flag) {
    }

    @Override
    public boolean apply(UUID deviceId, String chat, ChatSetting setting, Instant at) {
        Change change = switch (setting) {
            case ChatSetting.Archive archive -> new Change("archived = :flag", "archived_at", archive.archived());
            case ChatSetting.Pin pin -> new Change("pinned = :flag", "pinned_at", pin.pinned());
            case ChatSetting.Mute mute -> new Change("muted = :flag, muted_until = :until", "muted_at", mute.muted());
            case ChatSetting.MarkRead read -> new Change("marked_unread = not :flag", "read_at", read.read());
            case ChatSetting.Clear clear -> new Change("", "cleared_at", true);
            case ChatSetting.Delete delete -> new Change("", "deleted_at", true);
        };
        Timestamp until = setting instanceof ChatSetting.Mute mute
                ? mute.until().map(Timestamp::from).orElse(null) : null;
        String assignments = (change.assignments().isEmpty() ? "" : change.assignments() + ", ")
                + change.timeColumn() + " = :at";
        String column = change.timeColumn();
        return handles.with(h -> {
            h.createUpdate("insert into wa_chats (device_id, chat_jid) values (:device, :chat) on conflict do nothing")
                    .bind("device", deviceId).bind("chat", chat).execute();
            // an older change than the one the chat holds (a snapshot read after a patch) leaves it as it is
            return h.createUpdate("update wa_chats set " + assignments
                            + " where device_id = :device and chat_jid = :chat and (" + column + " is null or "
                            + column + " <= :at)")
                    .bind("device", deviceId).bind("chat", chat).bind("flag", change.flag())
                    .bind("at", Rows.timestamp(at)).bind("until", until).execute() == 1;
        });
    }

    @Override
    public Optional<ChatSummary> find(UUID deviceId, String chat) {
        return handles.with(h -> h.createQuery(CHATS + " where k.chat_jid = :chat")
                .bind("device", deviceId).bind("chat", chat).map(SUMMARY).findOne());
    }

    @Override
    public List<ChatSummary> list(UUID deviceId, int limit, int offset) {
        return handles.with(h -> h.createQuery(CHATS + """
                         where c.deleted_at is null or m.sent_at > c.deleted_at
                        order by coalesce(c.pinned, false) desc, m.sent_at desc nulls last, k.chat_jid
                        limit :limit offset :offset""")
                .bind("device", deviceId).bind("limit", limit).bind("offset", offset).map(SUMMARY).list());
    }
}
