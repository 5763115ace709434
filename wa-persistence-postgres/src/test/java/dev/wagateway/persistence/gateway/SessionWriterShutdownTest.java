package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.persistence.protocol.SessionCommits;
import dev.wagateway.persistence.protocol.SessionRows;
import dev.wagateway.persistence.protocol.SessionRowsFixture;
import dev.wagateway.protocol.signal.SignalAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.wagateway.persistence.protocol.SessionRowsFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing the gateway store (the application's shutdown, before the pool closes) stops the session writer it owns:
 * the close waits for the write the writer is committing, the writer thread ends, and a session write after the
 * close fails at once rather than waiting for a writer that is gone.
 */
class SessionWriterShutdownTest {

    private static final SignalAddress PEER = new SignalAddress("15550007777", 0);

    private final SessionRowsFixture stored = new SessionRowsFixture();

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: a write after close could hang
    void closingTheStoreCommitsWhatIsUnderWayStopsTheWriterAndRefusesLaterWrites() throws Exception {
        PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
        SessionCommits commits = store.sessionCommits();
        String device = "shutdown-" + UUID.randomUUID();
        commits.commit(rows(device, 1));

        CompletableFuture<Void> underWay;
        Thread closer;
        try (Connection holder = TestDatabase.get().dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from wa_signal_sessions where device_key = ? for update")) {
                lock.setString(1, device);
                lock.executeQuery().close();
            }
            underWay = CompletableFuture.runAsync(() -> commits.commit(rows(device, 2)), Thread::startVirtualThread);
            stored.awaitLockWait(); // the writer's transaction waits behind the held row
            closer = Thread.ofVirtual().start(store::close);
            holder.commit();
        }
        closer.join();

        // the close returned only once the writer had committed what it held, and ended
        assertThat(stored.record(device, PEER)).contains(bytes(2));
        assertThat(commits.stopped()).isTrue();
        underWay.join();
        assertThatThrownBy(() -> commits.commit(rows(device, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(stored.record(device, PEER)).contains(bytes(2));
    }

    private static SessionRows rows(String device, int seed) {
        return new SessionRows(device, Map.of(PEER, bytes(seed)));
    }
}
