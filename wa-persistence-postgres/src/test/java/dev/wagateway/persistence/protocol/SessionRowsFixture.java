package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.signal.SignalAddress;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the tests of the session writes look at in the test database: a device's session rows as committed, a
 * session write waiting for a row lock, and distinct records to write.
 */
public final class SessionRowsFixture {

    private final DataSource data = TestDatabase.get().dataSource();

    /** {@code device}'s committed session records, by address ({@code name.deviceId}). */
    public Map<String, byte[]> records(String device) throws SQLException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (Connection connection = data.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select name, device_id, record from wa_signal_sessions where device_key = ?")) {
            statement.setString(1, device);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.put(rows.getString(1) + "." + rows.getInt(2), rows.getBytes(3));
                }
            }
        }
        return records;
    }

    /** {@code device}'s committed session record with {@code peer}, if any. */
    public Optional<byte[]> record(String device, SignalAddress peer) throws SQLException {
        return Optional.ofNullable(records(device).get(peer.name() + "." + peer.deviceId()));
    }

    /** Until some backend waits for a lock on a session row (a write behind a row another transaction holds). */
    public void awaitLockWait() throws SQLException, InterruptedException {
        while (true) {
            try (Connection connection = data.getConnection(); PreparedStatement statement = connection
                    .prepareStatement("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                            + " and query like '%wa_signal_sessions%'");
                 ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    /** A 64-byte record, distinct for each seed. */
    public static byte[] bytes(int seed) {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}
