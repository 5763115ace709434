package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.signal.SignalAddress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serialized Signal sessions of one device to save together (a send's ratchet steps, or one decryption's), and the
 * statement that saves them. {@link #upsert} runs on a plain JDBC connection inside the caller's transaction: the
 * session write is the hottest write of the gateway, and JDBI's statement layer (binding maps, argument factories,
 * SQL parsing, statement logging) cost more CPU than the round trip.
 *
 * @param deviceKey the device whose store the rows belong to
 * @param rows      each address's serialized {@link dev.wagateway.protocol.signal.ratchet.SessionRecord}, copied
 */
public record SessionRows(String deviceKey, Map<SignalAddress, byte[]> rows) {

    /**
     * In JDBC's own placeholders; PostgreSQL's driver prepares it on the server once it is reused. An update first,
     * an insert only when it found no row: nearly every write replaces a session that exists, and a plain update of
     * it writes one WAL record, where {@code insert ... on conflict do update} first locks the row it conflicts with
     * (a WAL record and a dirtied page of its own) and then updates it. A row inserted by another transaction after
     * this statement's snapshot makes the insert meet the conflict, which then updates it as before.
     */
    private static final String UPSERT = """
            with updated as (
                update wa_signal_sessions set record = ? where device_key = ? and name = ? and device_id = ?
                returning 1)
            insert into wa_signal_sessions (device_key, name, device_id, record)
            select ?, ?, ?, ? where not exists (select from updated)
            on conflict (device_key, name, device_id) do update set record = excluded.record""";

    /** One row to write, in the order rows are locked in. */
    private record Row(String deviceKey, String name, int deviceId, byte[] record) {
    }

    /**
     * The order every batch writes (and so row-locks) session rows in: two transactions writing overlapping rows
     * then wait for each other rather than deadlock. The sort is stable, so two writes of one row keep their order
     * and the later one wins.
     */
    private static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::deviceKey).thenComparing(Row::name)
            .thenComparingInt(Row::deviceId);

    /** Copies the map, keeping its order. */
    public SessionRows {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /**
     * Upserts every row of {@code writes} on {@code connection}, in its current transaction: one statement for one
     * row, one JDBC batch (one round trip) for more.
     *
     * @throws IllegalStateException the statement failed (the caller's transaction must roll back); the message
     *                               names the SQL state only, as the driver's may quote a row
     */
    public static void upsert(Connection connection, List<SessionRows> writes) {
        List<Row> rows = new ArrayList<>();
        for (SessionRows write : writes) {
            write.rows().forEach((address, record) ->
                    rows.add(new Row(write.deviceKey(), address.name(), address.deviceId(), record)));
        }
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(ROW_ORDER);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (Row row : rows) {
                statement.setBytes(1, row.record());
                statement.setString(2, row.deviceKey());
                statement.setString(3, row.name());
                statement.setInt(4, row.deviceId());
                statement.setString(5, row.deviceKey());
                statement.setString(6, row.name());
                statement.setInt(7, row.deviceId());
                statement.setBytes(8, row.record());
                if (rows.size() == 1) {
                    statement.executeUpdate();
                } else {
                    statement.addBatch();
                }
            }
            if (rows.size() > 1) {
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save " + rows.size() + " Signal session(s), SQL state "
                    + e.getSQLState(), e);
        }
    }
}
