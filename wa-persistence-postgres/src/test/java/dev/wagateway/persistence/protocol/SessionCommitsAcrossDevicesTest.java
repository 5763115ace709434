package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.signal.SignalAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.wagateway.persistence.protocol.SessionRowsFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ratchet commits of many devices against a real PostgreSQL: those that wait together share one transaction and
 * each is durable when its caller returns; a write that fails fails alone and its batch's others commit. Batches are
 * formed deterministically: a first write waits behind a row lock another transaction holds, while the others queue.
 */
class SessionCommitsAcrossDevicesTest {

    private static final SignalAddress PEER = new SignalAddress("15550009999", 0);

    private final DataSource data = TestDatabase.get().dataSource();
    private final SessionRowsFixture stored = new SessionRowsFixture();
    private final SessionCommits commits = new SessionCommits(TestDatabase.get().jdbi());

    @AfterEach
    void close() {
        commits.close();
    }

    @Test
    void concurrentRatchetCommitsOfManyDevicesShareOneTransaction() throws Exception {
        String blocker = "blocker-" + UUID.randomUUID();
        commits.commit(rows(blocker, 1));
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            devices.add("device-" + i + "-" + UUID.randomUUID());
        }
        long batchesBefore;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        try (Connection holder = lockRowOf(blocker)) {
            batchesBefore = commits.batches();
            CompletableFuture<Void> first = commitLater(rows(blocker, 2));
            stored.awaitLockWait();
            for (String device : devices) {
                waiting.add(commitLater(rows(device, 3)));
            }
            while (commits.queued() < devices.size()) {
                Thread.sleep(10);
            }
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            holder.commit();
            first.join();
        }
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).join();

        assertThat(commits.batches() - batchesBefore).isEqualTo(2);
        assertThat(commits.fallbacks()).isZero();
        assertThat(stored.record(blocker, PEER)).contains(bytes(2));
        for (String device : devices) {
            assertThat(stored.record(device, PEER)).contains(bytes(3));
        }
    }

    @Test
    void aFailingRatchetCommitFailsAloneAndItsBatchCommits() throws Exception {
        String blocker = "blocker-" + UUID.randomUUID();
        commits.commit(rows(blocker, 1));
        String good = "good-" + UUID.randomUUID();
        String bad = "bad-\u0000-" + UUID.randomUUID(); // PostgreSQL refuses a NUL in text
        CompletableFuture<Void> goodDone;
        CompletableFuture<Void> badDone;
        try (Connection holder = lockRowOf(blocker)) {
            CompletableFuture<Void> first = commitLater(rows(blocker, 2));
            stored.awaitLockWait();
            goodDone = commitLater(rows(good, 5));
            badDone = commitLater(rows(bad, 6));
            while (commits.queued() < 2) {
                Thread.sleep(10);
            }
            holder.commit();
            first.join();
        }

        goodDone.join();
        assertThatThrownBy(badDone::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RuntimeException.class);
        assertThat(commits.fallbacks()).isEqualTo(1);
        assertThat(stored.record(good, PEER)).contains(bytes(5));
    }

    private CompletableFuture<Void> commitLater(SessionRows rows) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                commits.commit(rows);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** A transaction holding {@code device}'s session row locked until it commits. */
    private Connection lockRowOf(String device) throws SQLException {
        Connection connection = data.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from wa_signal_sessions where device_key = ? for update")) {
            statement.setString(1, device);
            statement.executeQuery().close();
        }
        return connection;
    }

    private static SessionRows rows(String device, int seed) {
        return new SessionRows(device, Map.of(PEER, bytes(seed)));
    }
}
