package dev.wagateway.persistence.gateway;

import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageRowUpdate;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The send path's statements on message rows, written on a plain JDBC connection in its transaction, each as one
 * JDBC batch (one statement when alone): the pending inserts, and the row updates that acks and receipts make
 * ({@link MessageRowUpdate}). The one copy of that SQL: {@link PostgresMessageRepository}'s single-row calls run it
 * too. Through JDBI each row's named bindings went through its argument factories and configuration look-ups: about
 * 5 KiB allocated and most of the writer's CPU per row (JFR, docs/benchmarks.md, branch {@code gwprofile}), for
 * statements whose columns never change.
 */
final class SendRowBatch {

    /** One message stored unless the device has it already (same chat, from-me flag and id). */
    private static final String INSERT = """
            insert into wa_messages (device_id, chat_jid, sender_jid, message_id, from_me, direction,
                message_type, text, caption, media_mimetype, media_file_length, media_file_name,
                quoted_message_id, push_name, sent_at, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, chat_jid, from_me, message_id) do nothing""";

    /** The rank of the row's status among the outgoing ones, null for received and failed (never moved). */
    private static final String RANK = "(case status " + Arrays.stream(MessageStatus.values())
            .filter(s -> s != MessageStatus.RECEIVED && s != MessageStatus.FAILED)
            .map(s -> "when '" + s.wireName() + "' then " + s.rank())
            .reduce((a, b) -> a + " " + b).orElseThrow() + " end)";

    /**
     * One outgoing row's update: the ack's time when given (an ack always finds its row), the status moved forward
     * only from a lower outgoing one; a receipt alone touches only a row it moves.
     */
    static final String UPDATE = "update wa_messages set sent_at = coalesce(cast(? as timestamptz), sent_at),"
            + " status = case when " + RANK + " < ? then ? else status end"
            + " where device_id = ? and chat_jid = ? and from_me and message_id = ?"
            + " and (? or " + RANK + " < ?)";

    private SendRowBatch() {
    }

    /**
     * Inserts {@code inserts} in the order given (a row already there is left as it is) on {@code connection} in its
     * transaction; returns how many were new.
     *
     * @throws SQLException a statement failed (the caller rolls the transaction back)
     */
    static int insert(Connection connection, List<StoredMessage> inserts) throws SQLException {
        if (inserts.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (StoredMessage message : inserts) {
                bindInsert(statement, message);
                add(statement, inserts.size());
            }
            return execute(statement, inserts.size());
        }
    }

    /**
     * Applies {@code updates} one row after the other in the order given (each statement locks at most its one row,
     * so rows are locked exactly in that order) on {@code connection} in its transaction.
     *
     * @throws SQLException a statement failed (the caller rolls the transaction back)
     */
    static void update(Connection connection, List<MessageRowUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            for (MessageRowUpdate update : updates) {
                if (update.sentAt().isPresent()) {
                    statement.setTimestamp(1, Timestamp.from(update.sentAt().get()));
                } else {
                    statement.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                statement.setInt(2, update.status().rank());
                statement.setString(3, update.status().wireName());
                statement.setObject(4, update.deviceId());
                statement.setString(5, update.chat());
                statement.setString(6, update.messageId());
                statement.setBoolean(7, update.sentAt().isPresent());
                statement.setInt(8, update.status().rank());
                add(statement, updates.size());
            }
            execute(statement, updates.size());
        }
    }

    /** The values {@link PostgresMessageRepository#bind} gives the history insert's named parameters. */
    private static void bindInsert(PreparedStatement statement, StoredMessage m) throws SQLException {
        statement.setObject(1, m.deviceId());
        statement.setString(2, m.chat());
        statement.setString(3, m.sender());
        statement.setString(4, m.messageId());
        statement.setBoolean(5, m.fromMe());
        statement.setString(6, m.direction().name().toLowerCase(Locale.ROOT));
        statement.setString(7, m.type());
        text(statement, 8, m.text());
        text(statement, 9, m.caption());
        text(statement, 10, m.media().map(MediaInfo::mimeType));
        if (m.media().isPresent()) {
            statement.setLong(11, m.media().get().fileLength());
        } else {
            statement.setNull(11, Types.BIGINT);
        }
        text(statement, 12, m.media().flatMap(MediaInfo::fileName));
        text(statement, 13, m.quotedMessageId());
        statement.setString(14, m.pushName());
        statement.setTimestamp(15, Timestamp.from(m.timestamp()));
        statement.setString(16, m.status().wireName());
    }

    private static void text(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    /** A lone row runs as a plain statement (no batch round trip of its own); more rows are batched. */
    private static void add(PreparedStatement statement, int rows) throws SQLException {
        if (rows > 1) {
            statement.addBatch();
        }
    }

    /** Runs the statement or its batch; returns the rows it changed. */
    private static int execute(PreparedStatement statement, int rows) throws SQLException {
        if (rows == 1) {
            return statement.executeUpdate();
        }
        int changed = 0;
        for (int count : statement.executeBatch()) {
            changed += Math.max(0, count);
        }
        return changed;
    }
}
