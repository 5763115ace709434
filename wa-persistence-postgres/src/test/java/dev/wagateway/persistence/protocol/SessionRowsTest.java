package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.signal.SignalAddress;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session write against a real PostgreSQL: an update when the row exists, an insert when it does not, both in
 * one batch, and a row another transaction inserts meanwhile updated rather than duplicated or refused.
 */
class SessionRowsTest {

    private final DataSource data = TestDatabase.get().dataSource();

    @Test
    void insertsWhatIsMissingAndUpdatesWhatExistsInOneBatch() throws SQLException {
        String device = "rows-" + UUID.randomUUID();
        SignalAddress alice = new SignalAddress("15550001111", 0);
        SignalAddress bob = new SignalAddress("15550002222", 3);
        write(List.of(new SessionRows(device, Map.of(alice, bytes(1)))));

        Map<SignalAddress, byte[]> both = new LinkedHashMap<>();
        both.put(bob, bytes(2));
        both.put(alice, bytes(3));
        write(List.of(new SessionRows(device, both)));

        assertThat(records(device)).containsOnlyKeys("15550001111.0", "15550002222.3");
        assertThat(records(device).get("15550001111.0")).isEqualTo(bytes(3));
        assertThat(records(device).get("15550002222.3")).isEqualTo(bytes(2));
    }

    @Test
    void aRowInsertedByAnotherTransactionMeanwhileIsUpdated() throws Exception {
        String device = "race-" + UUID.randomUUID();
        SignalAddress alice = new SignalAddress("15550003333", 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection first = data.getConnection()) {
            first.setAutoCommit(false);
            SessionRows.upsert(first, List.of(new SessionRows(device, Map.of(alice, bytes(1)))));
            // the second write starts while the first's new row is uncommitted: its update finds no row, its
            // insert meets the first's and waits for it
            Thread second = Thread.ofVirtual().start(() -> {
                try {
                    write(List.of(new SessionRows(device, Map.of(alice, bytes(2)))));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            awaitLockWait();
            first.commit();
            second.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(records(device)).containsOnlyKeys("15550003333.0");
        assertThat(records(device).get("15550003333.0")).isEqualTo(bytes(2));
    }

    private void write(List<SessionRows> writes) throws SQLException {
        try (Connection connection = data.getConnection()) {
            connection.setAutoCommit(false);
            SessionRows.upsert(connection, writes);
            connection.commit();
        }
    }

    /** Until some backend waits for a lock (the second write behind the first's row). */
    private void awaitLockWait() throws SQLException, InterruptedException {
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

    private Map<String, byte[]> records(String device) throws SQLException {
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

    private static byte[] bytes(int seed) {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}
