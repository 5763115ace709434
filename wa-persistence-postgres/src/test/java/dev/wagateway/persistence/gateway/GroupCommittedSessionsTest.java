package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.persistence.protocol.PostgresDeviceStore;
import dev.wagateway.persistence.protocol.SessionRows;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.SessionStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Signal session writes of many devices group-committed ({@link GroupCommittedSessions}) against a real PostgreSQL:
 * writes queued while a batch commits share the next transaction (one commit for all of them), each call returns
 * only once its rows are durable and visible to any other connection, and a write that fails inside a shared batch
 * fails alone. The first batch is held back by a row lock another transaction keeps, so which writes share a batch
 * does not depend on timing.
 */
class GroupCommittedSessionsTest {

    private final Jdbi jdbi = TestDatabase.get().jdbi();
    private final GroupCommittedSessions writer = new GroupCommittedSessions(jdbi);
    private final Random random = new Random(20);

    @AfterEach
    void stopTheWriter() {
        writer.close();
    }

    @Test
    void writesOfManyDevicesQueuedDuringACommitShareTheNextOne() throws Exception {
        int devices = 40;
        Map<String, Map<SignalAddress, byte[]>> written = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        try (Blocker blocker = new Blocker()) {
            long before = writer.batches();
            Thread first = blocker.blockedWrite();
            for (int i = 0; i < devices; i++) {
                String key = "grouped-" + UUID.randomUUID();
                Map<SignalAddress, byte[]> rows = new LinkedHashMap<>();
                rows.put(new SignalAddress("15550002222", 0), bytes());
                rows.put(new SignalAddress("15550001111", 0), bytes());
                written.put(key, rows);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        writer.commit(new SessionRows(key, rows));
                        // committed on return: another connection reads it at once
                        rows.forEach((address, record) -> assertThat(stored(key, address)).contains(record));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            awaitQueued(devices);
            blocker.release();
            first.join();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            // the held-back write's batch, then one batch (one transaction) for every device queued behind it
            assertThat(writer.batches() - before).isEqualTo(2);
            assertThat(writer.fallbacks()).isZero();
        }
        written.forEach((key, rows) -> rows.forEach((address, record) ->
                assertThat(stored(key, address)).as(key + " " + address).contains(record)));
    }

    @Test
    void aSessionWriteThatFailsInASharedBatchFailsAlone() throws Exception {
        List<String> good = new ArrayList<>();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        SignalAddress peer = new SignalAddress("15550002222", 0);
        byte[] record = bytes();
        try (Blocker blocker = new Blocker()) {
            Thread first = blocker.blockedWrite();
            for (int i = 0; i < 10; i++) {
                // a NUL cannot be stored in PostgreSQL text: the whole batch fails, then this write alone
                String key = i == 5 ? "broken\u0000" + UUID.randomUUID() : "fine-" + UUID.randomUUID();
                if (i != 5) {
                    good.add(key);
                }
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        writer.commit(new SessionRows(key, Map.of(peer, record)));
                    } catch (RuntimeException e) {
                        failed.add(key);
                    }
                }));
            }
            awaitQueued(10);
            blocker.release();
            first.join();
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(failed).hasSize(1).allMatch(key -> key.startsWith("broken"));
        assertThat(writer.fallbacks()).isEqualTo(1);
        for (String key : good) {
            assertThat(stored(key, peer)).as(key).contains(record);
        }
    }

    @Test
    void aDeviceStoreOpenedWithTheWriterSavesItsRatchetStepsThroughIt() {
        String key = "store-" + UUID.randomUUID();
        SessionStore sessions = new PostgresDeviceStore(jdbi, key, writer).signalStores().sessions();
        SignalAddress phone = new SignalAddress("15550002222", 0);
        SignalAddress laptop = new SignalAddress("15550002222", 4);
        long before = writer.batches();
        sessions.storeSessions(Map.of(phone, new SessionRecord(), laptop, new SessionRecord()));
        sessions.storeSession(phone, new SessionRecord());
        assertThat(writer.batches() - before).isEqualTo(2);
        // a fresh store (its own, empty cache, its own transactions) reads what the writer committed
        SessionStore fresh = new PostgresDeviceStore(jdbi, key).signalStores().sessions();
        assertThat(fresh.loadSession(phone)).isPresent();
        assertThat(fresh.loadSession(laptop)).isPresent();
        assertThat(fresh.deviceIds("15550002222")).containsExactly(0, 4);
    }

    /** Waits (without a time limit: the test's own timeout applies) until {@code count} writes are queued. */
    private void awaitQueued(int count) throws InterruptedException {
        while (writer.queued() < count) {
            Thread.sleep(5);
        }
    }

    private Optional<byte[]> stored(String key, SignalAddress address) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select record from wa_signal_sessions where device_key = :d and name = :n and device_id = :i")
                .bind("d", key).bind("n", address.name()).bind("i", address.deviceId()).mapTo(byte[].class)
                .findOne());
    }

    private byte[] bytes() {
        byte[] bytes = new byte[64];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Another transaction holding a session row's key uncommitted: the writer's batch that writes that row waits for
     * it, and every write queued meanwhile gathers for the batch after.
     */
    private final class Blocker implements AutoCloseable {

        private final String key = "blocker-" + UUID.randomUUID();
        private final SignalAddress address = new SignalAddress("15550009999", 0);
        private final Handle handle = jdbi.open();
        private boolean released;

        Blocker() {
            handle.begin();
            handle.createUpdate("insert into wa_signal_sessions (device_key, name, device_id, record) "
                    + "values (:d, :n, :i, :r)").bind("d", key).bind("n", address.name())
                    .bind("i", address.deviceId()).bind("r", new byte[] {1}).execute();
        }

        /** A write of the held row, started on a thread of its own; returns once its batch is under way. */
        Thread blockedWrite() throws InterruptedException {
            long before = writer.batches();
            Thread thread = Thread.ofVirtual().start(() -> writer.commit(new SessionRows(key, Map.of(address,
                    new byte[] {2}))));
            while (writer.batches() == before) {
                Thread.sleep(5);
            }
            return thread;
        }

        void release() {
            if (!released) {
                released = true;
                handle.rollback();
            }
        }

        @Override
        public void close() {
            release();
            handle.close();
        }
    }
}
