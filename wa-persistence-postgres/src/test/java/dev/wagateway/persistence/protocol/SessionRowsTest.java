package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.signal.SignalAddress;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static dev.wagateway.persistence.protocol.SessionRowsFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session write against a real PostgreSQL: an update when the row exists, an insert when it does not, both in
 * one batch, and a row another transaction inserts meanwhile updated rather than duplicated or refused.
 */
class SessionRowsTest {

    private final DataSource data = TestDatabase.get().dataSource();
    private final SessionRowsFixture stored = new SessionRowsFixture();

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

        assertThat(stored.records(device)).containsOnlyKeys("15550001111.0", "15550002222.3");
        assertThat(stored.records(device).get("15550001111.0")).isEqualTo(bytes(3));
        assertThat(stored.records(device).get("15550002222.3")).isEqualTo(bytes(2));
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
            stored.awaitLockWait();
            first.commit();
            second.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(stored.records(device)).containsOnlyKeys("15550003333.0");
        assertThat(stored.records(device).get("15550003333.0")).isEqualTo(bytes(2));
    }

    private void write(List<SessionRows> writes) throws SQLException {
        try (Connection connection = data.getConnection()) {
            connection.setAutoCommit(false);
            SessionRows.upsert(connection, writes);
            connection.commit();
        }
    }
}
