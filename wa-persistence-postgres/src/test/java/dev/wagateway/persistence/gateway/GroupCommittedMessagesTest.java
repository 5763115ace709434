package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.OutgoingMessageLog;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sends' group-committed writes against a real PostgreSQL: many concurrent sends' inserts and confirmations all
 * land (each call returning after its commit), and a write that fails inside a shared batch fails alone.
 */
class GroupCommittedMessagesTest {

    private static final String CHAT = "15550002222@s.whatsapp.net";

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void concurrentSendsAreAllStoredAndConfirmed() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
        OutgoingMessageLog log = store.outgoingMessages();
        Instant acked = Instant.parse("2026-12-06T02:00:00Z");
        int sends = 300;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < sends; i++) {
            String id = "G" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    log.insertPending(pending(device.id(), id));
                    // committed on return: visible to any other connection at once
                    assertThat(store.messages().find(device.id(), CHAT, true, id)).isPresent();
                    log.confirmSent(device.id(), CHAT, id, acked);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < sends; i++) {
            StoredMessage stored = store.messages().find(device.id(), CHAT, true, "G" + i).orElseThrow();
            assertThat(stored.status()).isEqualTo(MessageStatus.SENT);
            assertThat(stored.timestamp()).isEqualTo(acked);
        }
    }

    @Test
    void aWriteThatFailsInABatchFailsAlone() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
        OutgoingMessageLog log = store.outgoingMessages();
        UUID missing = UUID.randomUUID(); // no such device: its insert breaks the foreign key
        int sends = 100;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < sends; i++) {
            String id = "F" + i;
            UUID owner = i == sends / 2 ? missing : device.id();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    log.insertPending(pending(owner, id));
                } catch (RuntimeException e) {
                    failed.add(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failed).containsExactly("F" + sends / 2);
        for (int i = 0; i < sends; i++) {
            if (i != sends / 2) {
                assertThat(store.messages().find(device.id(), CHAT, true, "F" + i)).as("F" + i).isPresent();
            }
        }
    }

    /**
     * A pending row is stamped in whole seconds, the precision of the server's ack: a confirmation within the same
     * second then writes the value the row already has into the indexed sent_at, which keeps it a HOT update.
     */
    @Test
    void aPendingRowIsStampedInTheWholeSecondsOfTheServersAck() {
        Device device = Fixtures.storedDevice(store);
        OutgoingMessageLog log = store.outgoingMessages();
        Instant local = Instant.parse("2026-12-06T02:00:00.750123Z");
        log.insertPending(new StoredMessage(device.id(), CHAT, "15550001111@s.whatsapp.net", "S1", true,
                MessageDirection.OUTGOING, "text", Optional.of("hello"), Optional.empty(), Optional.empty(),
                Optional.empty(), "", local, MessageStatus.PENDING));

        StoredMessage stored = store.messages().find(device.id(), CHAT, true, "S1").orElseThrow();
        assertThat(stored.timestamp()).isEqualTo(Instant.parse("2026-12-06T02:00:00Z"));
        assertThat(stored.status()).isEqualTo(MessageStatus.PENDING);

        log.confirmSent(device.id(), CHAT, "S1", Instant.parse("2026-12-06T02:00:01Z"));
        assertThat(store.messages().find(device.id(), CHAT, true, "S1").orElseThrow().timestamp())
                .isEqualTo(Instant.parse("2026-12-06T02:00:01Z"));
    }

    private static StoredMessage pending(UUID device, String id) {
        return new StoredMessage(device, CHAT, "15550001111@s.whatsapp.net", id, true, MessageDirection.OUTGOING,
                "text", Optional.of("hello " + id), Optional.empty(), Optional.empty(), Optional.empty(), "",
                Instant.parse("2026-12-06T01:59:59Z"), MessageStatus.PENDING);
    }
}
