package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventLogWriter;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.StoredEvent;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sends' confirmations and the receipts, which update the same message rows, driven at once against a real
 * PostgreSQL from two writers (one node's writer shares them, but two nodes on one database each have theirs), the
 * confirmations in a shuffled order and the receipts naming several rows each in reverse order: every writer locks
 * rows in one global order, so no transaction is aborted as a deadlock (the
 * 50-device soak's "deadlock detected"): no batch falls back to writing row by row (the writers' fallback counters)
 * and no single write fails; every row ends delivered with its server time, every receipt's event is in the log
 * once.
 */
class GroupCommitLockOrderTest {

    private static final int ROUNDS = 4;
    private static final int ROWS = 600;
    private static final int IDS_PER_RECEIPT = 3;
    private static final Instant ACKED = Instant.parse("2026-12-06T05:00:00Z");

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void confirmationsAndReceiptsOnTheSameRowsNeverDeadlock() throws InterruptedException {
        Device device = Fixtures.storedDevice(store);
        EventRecorder recorder = new EventRecorder(store.unitOfWork(), new EventLogWriter(() -> { }),
                Clock.systemUTC());
        Random random = new Random(20261206);
        List<String> chats = List.of("15550004444@s.whatsapp.net", "15550005555@s.whatsapp.net");
        List<String[]> rows = new ArrayList<>();
        try (MessageRowWriter confirmations = new MessageRowWriter(recorder);
             MessageRowWriter receipts = new MessageRowWriter(recorder)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String[]> roundRows = new ArrayList<>();
                for (int i = 0; i < ROWS; i++) {
                    String[] row = {chats.get(i % chats.size()), "L" + round + "-" + i};
                    store.messages().insertIfAbsent(pending(device, row[0], row[1]));
                    roundRows.add(row);
                }
                rows.addAll(roundRows);
                runAtOnce(device, confirmations, receipts, roundRows, random);
            }
            assertThat(receipts.fallbacks()).as("receipt batches written row by row").isZero();
            assertThat(confirmations.fallbacks()).as("confirmation batches written row by row").isZero();
        }
        for (String[] row : rows) {
            StoredMessage stored = store.messages().find(device.id(), row[0], true, row[1]).orElseThrow();
            assertThat(stored.status()).as(row[1]).isEqualTo(MessageStatus.DELIVERED);
            assertThat(stored.timestamp()).as(row[1]).isEqualTo(ACKED);
        }
        List<StoredEvent> events = store.eventLog().after(0, Optional.of(device.id()), rows.size() * 2);
        assertThat(events).hasSize(rows.size());
        assertThat(events.stream().map(StoredEvent::payload).distinct()).hasSize(rows.size());
    }

    private void runAtOnce(Device device, MessageRowWriter confirmations, MessageRowWriter receipts,
                           List<String[]> rows, Random random) throws InterruptedException {
        List<String[]> confirmOrder = new ArrayList<>(rows);
        Collections.shuffle(confirmOrder, random);
        List<List<String[]>> receiptGroups = new ArrayList<>();
        List<String[]> byChat = new ArrayList<>(rows);
        byChat.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 0; i < byChat.size(); i += IDS_PER_RECEIPT) {
            List<String[]> group = new ArrayList<>(byChat.subList(i, Math.min(byChat.size(), i + IDS_PER_RECEIPT)));
            if (group.stream().map(row -> row[0]).distinct().count() > 1) {
                group.forEach(row -> receiptGroups.add(Collections.singletonList(row)));
            } else {
                Collections.reverse(group);
                receiptGroups.add(group);
            }
        }
        Collections.shuffle(receiptGroups, random);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (String[] row : confirmOrder) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    confirmations.confirmSent(device.id(), row[0], row[1], ACKED);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                failures.add(e);
                return;
            }
            for (List<String[]> group : receiptGroups) {
                String chat = group.getFirst()[0];
                List<String> ids = group.stream().map(row -> row[1]).toList();
                stages.add(receipts.submit(new MessageRowWriter.ReceiptWrite(device.id(), chat, ids,
                        MessageStatus.DELIVERED, tx -> {
                            int added = 0;
                            for (String id : ids) {
                                added += recorder(tx, device, chat, id);
                            }
                            return added;
                        })));
            }
        });
        start.countDown();
        receiver.join();
        for (Thread thread : threads) {
            thread.join();
        }
        for (CompletableFuture<Void> stage : stages) {
            try {
                stage.join();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static int recorder(dev.wagateway.core.transaction.Transaction tx, Device device, String chat,
                                String id) {
        tx.eventLog().add(new dev.wagateway.core.event.GatewayEvent("message.delivered", device.id(),
                Instant.now(), Map.of("message_id", id, "chat", chat), chat));
        return 0;
    }

    private static StoredMessage pending(Device device, String chat, String id) {
        return new StoredMessage(device.id(), chat, "15550001111@s.whatsapp.net", id, true,
                MessageDirection.OUTGOING, "text", Optional.of("hello " + id), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Instant.parse("2026-12-06T04:59:59Z"), MessageStatus.PENDING);
    }
}
