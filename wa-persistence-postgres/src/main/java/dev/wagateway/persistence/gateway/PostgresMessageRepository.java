package dev.wagateway.persistence.gateway;

import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageRepository;
import dev.wagateway.core.message.MessageRowUpdate;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StatusAdvance;
import dev.wagateway.core.message.StoredMessage;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Messages in {@code wa_messages}, unique per device by (chat, from-me, id). */
public final class PostgresMessageRepository implements MessageRepository {

    private static final String COLUMNS = "m.device_id, m.chat_jid, m.sender_jid, m.message_id, m.from_me,"
            + " m.direction, m.message_type, m.text, m.caption, m.media_mimetype, m.media_file_length,"
            + " m.media_file_name, m.quoted_message_id, m.push_name, m.sent_at, m.status, m.from_history";
    private static final RowMapper<StoredMessage> MAPPER = (rs, ctx) -> {
        String mime = rs.getString("media_mimetype");
        Optional<MediaInfo> media = mime == null ? Optional.empty() : Optional.of(new MediaInfo(mime,
                rs.getLong("media_file_length"), Rows.optionalString(rs, "media_file_name")));
        return new StoredMessage(rs.getObject("device_id", UUID.class), rs.getString("chat_jid"),
                rs.getString("sender_jid"), rs.getString("message_id"), rs.getBoolean("from_me"),
                MessageDirection.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
                rs.getString("message_type"), Rows.optionalString(rs, "text"), Rows.optionalString(rs, "caption"),
                media, Rows.optionalString(rs, "quoted_message_id"), rs.getString("push_name"),
                Rows.instant(rs, "sent_at"), MessageStatus.fromWireName(rs.getString("status")),
                rs.getBoolean("from_history"));
    };

    private final HandleSource handles;

    PostgresMessageRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public boolean insertIfAbsent(StoredMessage m) {
        return handles.withConnection(connection -> SendRowBatch.insert(connection, List.of(m))) == 1;
    }

    /** One JDBC batch (one round trip) of the inserts, in the order given. */
    @Override
    public void insertAllIfAbsent(List<StoredMessage> messages) {
        if (!messages.isEmpty()) {
            handles.withConnection(connection -> SendRowBatch.insert(connection, messages));
        }
    }

    /** Binds the columns of {@code m} that the history insert writes. */
    static <S extends SqlStatement<S>> S bind(S statement, StoredMessage m) {
        return statement.bind("device", m.deviceId()).bind("chat", m.chat()).bind("sender", m.sender())
                .bind("id", m.messageId()).bind("fromMe", m.fromMe())
                .bind("direction", m.direction().name().toLowerCase(Locale.ROOT)).bind("type", m.type())
                .bind("text", m.text().orElse(null)).bind("caption", m.caption().orElse(null))
                .bind("mime", m.media().map(MediaInfo::mimeType).orElse(null))
                .bind("length", m.media().map(MediaInfo::fileLength).orElse(null))
                .bind("fileName", m.media().flatMap(MediaInfo::fileName).orElse(null))
                .bind("quoted", m.quotedMessageId().orElse(null)).bind("pushName", m.pushName())
                .bind("sentAt", Rows.timestamp(m.timestamp())).bind("status", m.status().wireName());
    }

    @Override
    public int insertHistory(List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        return handles.with(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    insert into wa_messages (device_id, chat_jid, sender_jid, message_id, from_me, direction,
                        message_type, text, caption, media_mimetype, media_file_length, media_file_name,
                        quoted_message_id, push_name, sent_at, status, from_history)
                    values (:device, :chat, :sender, :id, :fromMe, :direction, :type, :text, :caption, :mime,
                        :length, :fileName, :quoted, :pushName, :sentAt, :status, true)
                    on conflict (device_id, chat_jid, from_me, message_id) do nothing""");
            for (StoredMessage m : messages) {
                bind(batch, m).add();
            }
            int inserted = 0;
            for (int count : batch.execute()) {
                inserted += Math.max(0, count);
            }
            return inserted;
        });
    }

    @Override
    public List<StoredMessage> page(UUID deviceId, String chat, ChatPageRequest request) {
        String sql = pageSql(request.before().isPresent(), request.after().isPresent());
        return handles.with(h -> h.createQuery(sql).bind("device", deviceId).bind("chat", chat)
                .bind("before", request.before().orElse(null)).bind("after", request.after().orElse(null))
                .bind("limit", request.limit()).map(MAPPER).list());
    }

    /**
     * A page of a chat, newest first, after or before the cursors given. {@code collate "C"} on the chat is the one
     * condition {@code idx_messages_chat_time} serves (V405), so that keyed look-ups never take that index.
     */
    static String pageSql(boolean before, boolean after) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from wa_messages m where m.device_id = :device and m.chat_jid = :chat collate \"C\"");
        // A cursor names a message of this chat; rows are ordered by (sent_at, id), which is total.
        if (before) {
            sql.append(" and (m.sent_at, m.id) < (select c.sent_at, c.id from wa_messages c where c.device_id = :device"
                    + " and c.chat_jid = :chat and c.message_id = :before order by c.id limit 1)");
        }
        if (after) {
            sql.append(" and (m.sent_at, m.id) > (select c.sent_at, c.id from wa_messages c where c.device_id = :device"
                    + " and c.chat_jid = :chat and c.message_id = :after order by c.id limit 1)");
        }
        return sql.append(" order by m.sent_at desc, m.id desc limit :limit").toString();
    }

    @Override
    public Optional<StoredMessage> find(UUID deviceId, String chat, boolean fromMe, String messageId) {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " " + """
                        from wa_messages m where m.device_id = :device and m.chat_jid = :chat
                          and m.from_me = :fromMe and m.message_id = :id""")
                .bind("device", deviceId).bind("chat", chat).bind("fromMe", fromMe).bind("id", messageId)
                .map(MAPPER).findOne());
    }

    @Override
    public int advanceStatus(UUID deviceId, String chat, List<String> messageIds, MessageStatus status) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        List<String> lowerRanks = Arrays.stream(MessageStatus.values())
                .filter(s -> s != MessageStatus.RECEIVED && s != MessageStatus.FAILED && s.rank() < status.rank())
                .map(MessageStatus::wireName).toList();
        if (lowerRanks.isEmpty()) {
            return 0;
        }
        return handles.with(h -> h.createUpdate("""
                        update wa_messages set status = :status
                        where device_id = :device and chat_jid = :chat and from_me
                          and message_id in (<ids>) and status in (<lower>)""")
                .bind("status", status.wireName()).bind("device", deviceId).bind("chat", chat)
                .bindList("ids", messageIds).bindList("lower", lowerRanks).execute());
    }

    /**
     * One JDBC batch (one round trip) of single-row updates in the order given: each statement locks at most its one
     * row, so rows are locked exactly in that order (a multi-row {@code in (...)} would lock in scan order).
     */
    @Override
    public void advanceStatuses(List<StatusAdvance> advances) {
        applyRowUpdates(advances.stream().map(MessageRowUpdate::of).toList());
    }

    /** One JDBC batch (one round trip) of single-row updates, rows locked exactly in the order given. */
    @Override
    public void applyRowUpdates(List<MessageRowUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        // plain JDBC on the handle's connection, in its transaction: this runs for every batch of the send path, and
        // JDBI's per-row named bindings cost more CPU than the statement (JFR: docs/benchmarks.md, branch gwprofile)
        handles.withConnection(connection -> {
            SendRowBatch.update(connection, updates);
            return null;
        });
    }

    @Override
    public void confirmSent(UUID deviceId, String chat, String messageId, Instant serverTimestamp) {
        applyRowUpdates(List.of(MessageRowUpdate.confirmation(deviceId, chat, messageId, serverTimestamp)));
    }

    @Override
    public boolean markFailed(UUID deviceId, String chat, String messageId) {
        return handles.with(h -> h.createUpdate("""
                        update wa_messages set status = 'failed'
                        where device_id = :device and chat_jid = :chat and from_me and message_id = :id
                          and status = 'pending'""")
                .bind("device", deviceId).bind("chat", chat).bind("id", messageId).execute() == 1);
    }

    @Override
    public boolean applyEdit(UUID deviceId, String chat, boolean fromMe, String messageId, String newText) {
        return handles.with(h -> h.createUpdate("""
                        update wa_messages
                        set text = case when message_type = 'text' then :text else text end,
                            caption = case when message_type = 'text' then caption else :text end
                        where device_id = :device and chat_jid = :chat and from_me = :fromMe and message_id = :id
                          and message_type <> 'revoked'""")
                .bind("text", newText).bind("device", deviceId).bind("chat", chat).bind("fromMe", fromMe)
                .bind("id", messageId).execute() == 1);
    }

    @Override
    public boolean markRevoked(UUID deviceId, String chat, boolean fromMe, String messageId) {
        return handles.with(h -> h.createUpdate("""
                        update wa_messages
                        set message_type = 'revoked', text = null, caption = null, media_mimetype = null,
                            media_file_length = null, media_file_name = null
                        where device_id = :device and chat_jid = :chat and from_me = :fromMe and message_id = :id
                          and message_type <> 'revoked'""")
                .bind("device", deviceId).bind("chat", chat).bind("fromMe", fromMe).bind("id", messageId)
                .execute() == 1);
    }
}
