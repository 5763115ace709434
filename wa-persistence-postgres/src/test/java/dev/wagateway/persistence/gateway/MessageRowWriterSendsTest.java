package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventLogWriter;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.message.StatusAdvance;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sends' writes through the writer they share with the receipts, against a real PostgreSQL: many concurrent
 * sends' inserts and confirmations all land (each call returning after its commit), a write that fails inside a
 * shared batch fails alone whatever the kinds of the others, and an ack and a receipt of one row in one batch both
 * take effect.
 */
class MessageRowWriterSendsTest {

    private static final String CHAT = "15550002222@s.whatsapp.net";

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final EventRecorder recorder = new EventRecorder(store.unitOfWork(), new EventLogWriter(() -> { }),
            Clock.systemUTC());
    private final MessageRowWriter log = new MessageRowWriter(recorder);

    @AfterEach
    void stopWriter() {
        log.close();
    }

    @Test
    void concurrentSendsAreAllStoredAndConfirmed() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
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
                    log.insertPending(pending(device.id(), id)).join();
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
                    log.insertPending(pending(owner, id)).join();
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

    @Test
    void aPendingRowHoldsWhatTheRepositorysInsertStores() {
        Device device = Fixtures.storedDevice(store);
        StoredMessage full = new StoredMessage(device.id(), CHAT, "15550001111@s.whatsapp.net", "P1", true,
                MessageDirection.OUTGOING, "image", Optional.of("the text"), Optional.of("a caption"),
                Optional.of(new MediaInfo("image/jpeg", 123_456_789_012L, Optional.of("cat.jpg"))),
                Optional.of("QUOTED1"), "Push Name", Instant.parse("2026-12-06T01:59:59.123456Z"),
                MessageStatus.PENDING);
        StoredMessage bare = new StoredMessage(device.id(), CHAT, "15550001111@s.whatsapp.net", "P2", true,
                MessageDirection.OUTGOING, "text", Optional.empty(), Optional.empty(),
                Optional.of(new MediaInfo("application/pdf", 0, Optional.empty())), Optional.empty(), "",
                Instant.parse("2026-12-06T01:59:58Z"), MessageStatus.PENDING);
        StoredMessage none = new StoredMessage(device.id(), CHAT, "15550001111@s.whatsapp.net", "P3", true,
                MessageDirection.OUTGOING, "text", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Instant.parse("2026-12-06T01:59:57Z"), MessageStatus.PENDING);
        for (StoredMessage message : List.of(full, bare, none)) {
            log.insertPending(message).join();
            StoredMessage viaRepository = withId(message, message.messageId() + "-repo");
            assertThat(store.messages().insertIfAbsent(viaRepository)).isTrue();
            StoredMessage grouped = store.messages().find(device.id(), CHAT, true, message.messageId()).orElseThrow();
            StoredMessage single = store.messages().find(device.id(), CHAT, true, viaRepository.messageId())
                    .orElseThrow();
            // the same row, its time as given (the send stamps it in whole seconds: MessagingService)
            assertThat(grouped).as(message.messageId()).isEqualTo(withId(single, message.messageId()));
            assertThat(grouped.media()).isEqualTo(message.media());
            assertThat(grouped.quotedMessageId()).isEqualTo(message.quotedMessageId());
            assertThat(grouped.timestamp()).isEqualTo(message.timestamp());
        }
        // inserted again (a retried send): the row stays as it was
        log.insertPending(withId(none, "P1")).join();
        assertThat(store.messages().find(device.id(), CHAT, true, "P1").orElseThrow().type()).isEqualTo("image");
    }

    @Test
    void aConfirmationMarksPendingSentAndLeavesAReceiptsStatus() {
        Device device = Fixtures.storedDevice(store);
        log.insertPending(pending(device.id(), "C1")).join();
        log.insertPending(pending(device.id(), "C2")).join();
        store.messages().advanceStatuses(List.of(new StatusAdvance(device.id(), CHAT, "C2",
                MessageStatus.DELIVERED)));
        Instant acked = Instant.parse("2026-12-06T02:00:01Z");
        log.confirmSent(device.id(), CHAT, "C1", acked);
        log.confirmSent(device.id(), CHAT, "C2", acked);
        log.confirmSent(device.id(), CHAT, "C-none", acked); // no such row: nothing to do, no failure
        StoredMessage first = store.messages().find(device.id(), CHAT, true, "C1").orElseThrow();
        StoredMessage second = store.messages().find(device.id(), CHAT, true, "C2").orElseThrow();
        assertThat(first.status()).isEqualTo(MessageStatus.SENT);
        assertThat(first.timestamp()).isEqualTo(acked);
        assertThat(second.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(second.timestamp()).isEqualTo(acked);
    }

    private static StoredMessage withId(StoredMessage m, String id) {
        return new StoredMessage(m.deviceId(), m.chat(), m.sender(), id, m.fromMe(), m.direction(), m.type(),
                m.text(), m.caption(), m.media(), m.quotedMessageId(), m.pushName(), m.timestamp(), m.status(),
                m.fromHistory());
    }

    /**
     * A send whose ack comes at once: its delivery receipt is queued right behind the ack, and the two (often in one
     * batch, then one statement) leave the row delivered at the ack's time, whichever way the writes meet.
     */
    @Test
    void anAckAndTheReceiptRightBehindItBothTakeEffect() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
        Instant acked = Instant.parse("2026-12-06T02:00:02Z");
        int sends = 200;
        for (int i = 0; i < sends; i++) {
            log.insertPending(pending(device.id(), "A" + i)).join();
        }
        List<CompletableFuture<Void>> receipts = new ArrayList<>();
        List<Thread> acks = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            String id = "A" + i;
            acks.add(Thread.ofVirtual().start(() -> log.confirmSent(device.id(), CHAT, id, acked)));
            receipts.add(log.submit(new MessageRowWriter.ReceiptWrite(device.id(), CHAT, List.of(id),
                    i % 2 == 0 ? MessageStatus.DELIVERED : MessageStatus.READ, tx -> 0)));
        }
        for (Thread ack : acks) {
            ack.join();
        }
        receipts.forEach(CompletableFuture::join);
        for (int i = 0; i < sends; i++) {
            StoredMessage stored = store.messages().find(device.id(), CHAT, true, "A" + i).orElseThrow();
            assertThat(stored.timestamp()).as("A" + i).isEqualTo(acked);
            assertThat(stored.status()).as("A" + i)
                    .isEqualTo(i % 2 == 0 ? MessageStatus.DELIVERED : MessageStatus.READ);
        }
        assertThat(log.fallbacks()).isZero();
    }

    /**
     * Pending inserts, acks and receipts of many sends queued together, one insert of them breaking the foreign key:
     * it alone fails; every other write, whatever its kind, is committed.
     */
    @Test
    void aFailingInsertAmongAcksAndReceiptsFailsAlone() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
        int sends = 120;
        for (int i = 0; i < sends; i++) {
            store.messages().insertIfAbsent(pending(device.id(), "M" + i));
        }
        Instant acked = Instant.parse("2026-12-06T02:00:03Z");
        UUID missing = UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Void>> receipts = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            String id = "M" + i;
            String fresh = "N" + i;
            UUID owner = i == sends / 2 ? missing : device.id();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    log.insertPending(pending(owner, fresh)).join();
                } catch (RuntimeException e) {
                    failed.add(fresh);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    log.confirmSent(device.id(), CHAT, id, acked);
                } catch (RuntimeException e) {
                    failed.add(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (int i = 0; i < sends; i++) {
            receipts.add(log.submit(new MessageRowWriter.ReceiptWrite(device.id(), CHAT, List.of("M" + i),
                    MessageStatus.DELIVERED, tx -> 0)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        receipts.forEach(CompletableFuture::join);
        assertThat(failed).containsExactly("N" + sends / 2);
        for (int i = 0; i < sends; i++) {
            StoredMessage acknowledged = store.messages().find(device.id(), CHAT, true, "M" + i).orElseThrow();
            assertThat(acknowledged.status()).as("M" + i).isEqualTo(MessageStatus.DELIVERED);
            assertThat(acknowledged.timestamp()).as("M" + i).isEqualTo(acked);
            if (i != sends / 2) {
                assertThat(store.messages().find(device.id(), CHAT, true, "N" + i)).as("N" + i).isPresent();
            }
        }
        assertThat(store.messages().find(missing, CHAT, true, "N" + sends / 2)).isEmpty();
    }

    private static StoredMessage pending(UUID device, String id) {
        return new StoredMessage(device, CHAT, "15550001111@s.whatsapp.net", id, true, MessageDirection.OUTGOING,
                "text", Optional.of("hello " + id), Optional.empty(), Optional.empty(), Optional.empty(), "",
                Instant.parse("2026-12-06T01:59:59Z"), MessageStatus.PENDING);
    }
}
