package dev.wagateway.persistence.gateway;

import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.StoredMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One group-commit batch of the sends' pending inserts and confirmations, written on a plain JDBC connection in its
 * transaction: the statements of {@link PostgresMessageRepository} ({@code INSERT_IF_ABSENT}, {@code CONFIRM_SENT})
 * with the same values (the time in whole seconds), bound by position. Through JDBI each row's named bindings went through its argument factories
 * and configuration look-ups: about 5 KiB allocated and most of the writer's CPU per row (JFR, docs/benchmarks.md,
 * branch {@code gwprofile}), for two statements whose columns never change.
 */
final class SendRowBatch {

    /** {@code INSERT_IF_ABSENT} with JDBC placeholders, in its column order. */
    private static final String INSERT = """
            insert into wa_messages (device_id, chat_jid, sender_jid, message_id, from_me, direction,
                message_type, text, caption, media_mimetype, media_file_length, media_file_name,
                quoted_message_id, push_name, sent_at, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, chat_jid, from_me, message_id) do nothing""";

    /** {@code CONFIRM_SENT} with JDBC placeholders. */
    private static final String CONFIRM = """
            update wa_messages set sent_at = ?,
                status = case when status = 'pending' then 'sent' else status end
            where device_id = ? and chat_jid = ? and from_me and message_id = ?""";

    /** A confirmation: the server's ack of one sent message. */
    record Confirmation(UUID deviceId, String chat, String messageId, Instant at) {
    }

    private SendRowBatch() {
    }

    /**
     * Inserts {@code inserts} (a row already there is left as it is), then confirms {@code confirmations} in the
     * given order, each as one JDBC batch (one statement when alone), on {@code connection} in its transaction.
     *
     * @throws SQLException a statement failed (the caller rolls the transaction back)
     */
    static void write(Connection connection, List<StoredMessage> inserts, List<Confirmation> confirmations)
            throws SQLException {
        if (!inserts.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                for (StoredMessage message : inserts) {
                    bindInsert(statement, message);
                    add(statement, inserts.size());
                }
                execute(statement, inserts.size());
            }
        }
        if (!confirmations.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(CONFIRM)) {
                for (Confirmation confirmation : confirmations) {
                    statement.setTimestamp(1, Timestamp.from(confirmation.at()));
                    statement.setObject(2, confirmation.deviceId());
                    statement.setString(3, confirmation.chat());
                    statement.setString(4, confirmation.messageId());
                    add(statement, confirmations.size());
                }
                execute(statement, confirmations.size());
            }
        }
    }

    /**
     * The values {@link PostgresMessageRepository#bind} gives the same statement's named parameters, the time in whole
     * seconds.
     */
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
        // whole seconds, as the server's ack stamps the confirmation: when the ack comes within the same second, the
        // confirmation leaves the indexed sent_at unchanged and is a HOT update (pgcost, V385)
        statement.setTimestamp(15, Timestamp.from(m.timestamp().truncatedTo(ChronoUnit.SECONDS)));
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

    private static void execute(PreparedStatement statement, int rows) throws SQLException {
        if (rows > 1) {
            statement.executeBatch();
        } else {
            statement.executeUpdate();
        }
    }
}
