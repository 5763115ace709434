package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StatusAdvance;
import dev.wagateway.core.message.StoredMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored messages against a real PostgreSQL. */
class MessageRepositoryTest {

    private static final String CHAT = "15550001111@s.whatsapp.net";

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void aMessageIsStoredOnceAndReadBackWhole() {
        Device device = Fixtures.storedDevice(store);
        StoredMessage message = new StoredMessage(device.id(), CHAT, CHAT, "ABC", false, MessageDirection.INCOMING,
                "document", Optional.empty(), Optional.of("the report"),
                Optional.of(new MediaInfo("application/pdf", 1234, Optional.of("r.pdf"))), Optional.of("QUOTED"),
                "Bob", Instant.parse("2026-11-24T10:00:00Z"), MessageStatus.RECEIVED);
        assertThat(store.messages().insertIfAbsent(message)).isTrue();
        assertThat(store.messages().insertIfAbsent(message)).isFalse();
        assertThat(store.messages().find(device.id(), CHAT, false, "ABC")).contains(message);
    }

    @Test
    void pagesAreNewestFirstWithCursors() {
        Device device = Fixtures.storedDevice(store);
        for (int i = 0; i < 10; i++) {
            store.messages().insertIfAbsent(text(device, "M" + i, Instant.parse("2026-11-24T10:00:00Z").plusSeconds(i)));
        }
        store.messages().insertIfAbsent(new StoredMessage(device.id(), "other@s.whatsapp.net", CHAT, "X", false,
                MessageDirection.INCOMING, "text", Optional.of("elsewhere"), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Instant.parse("2026-11-24T11:00:00Z"), MessageStatus.RECEIVED));

        assertThat(ids(new ChatPageRequest(3, Optional.empty(), Optional.empty()), device))
                .containsExactly("M9", "M8", "M7");
        assertThat(ids(new ChatPageRequest(3, Optional.of("M7"), Optional.empty()), device))
                .containsExactly("M6", "M5", "M4");
        assertThat(ids(new ChatPageRequest(50, Optional.empty(), Optional.of("M7")), device))
                .containsExactly("M9", "M8");
        assertThat(ids(new ChatPageRequest(50, Optional.of("UNKNOWN"), Optional.empty()), device)).isEmpty();
    }

    @Test
    void statusesOnlyMoveForward() {
        Device device = Fixtures.storedDevice(store);
        StoredMessage sent = new StoredMessage(device.id(), CHAT, "me@s.whatsapp.net", "OUT1", true,
                MessageDirection.OUTGOING, "text", Optional.of("hi"), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Fixtures.now(), MessageStatus.SENT);
        store.messages().insertIfAbsent(sent);
        assertThat(store.messages().advanceStatus(device.id(), CHAT, List.of("OUT1"), MessageStatus.READ))
                .isEqualTo(1);
        assertThat(store.messages().advanceStatus(device.id(), CHAT, List.of("OUT1"), MessageStatus.DELIVERED))
                .isZero();
        assertThat(store.messages().find(device.id(), CHAT, true, "OUT1").orElseThrow().status())
                .isEqualTo(MessageStatus.READ);
    }

    @Test
    void aReceiptThatOvertakesTheServersAckIsKeptAndAFailedSendLeavesNothing() {
        Device device = Fixtures.storedDevice(store);
        Instant stored = Instant.parse("2026-11-24T12:00:00Z");
        Instant acked = Instant.parse("2026-11-24T12:00:02Z");
        store.messages().insertIfAbsent(outgoing(device, "OUT2", stored));
        // the delivery receipt comes first, then the ack
        assertThat(store.messages().advanceStatus(device.id(), CHAT, List.of("OUT2"), MessageStatus.DELIVERED))
                .isEqualTo(1);
        store.messages().confirmSent(device.id(), CHAT, "OUT2", acked);
        StoredMessage kept = store.messages().find(device.id(), CHAT, true, "OUT2").orElseThrow();
        assertThat(kept.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(kept.timestamp()).isEqualTo(acked);
        assertThat(store.messages().markFailed(device.id(), CHAT, "OUT2")).isFalse(); // it was sent

        // in order: pending, then sent at the ack
        store.messages().insertIfAbsent(outgoing(device, "OUT3", stored));
        store.messages().confirmSent(device.id(), CHAT, "OUT3", acked);
        assertThat(store.messages().find(device.id(), CHAT, true, "OUT3").orElseThrow().status())
                .isEqualTo(MessageStatus.SENT);

        // a send that failed: its pending row is marked failed, and no late receipt moves it
        store.messages().insertIfAbsent(outgoing(device, "OUT4", stored));
        assertThat(store.messages().markFailed(device.id(), CHAT, "OUT4")).isTrue();
        assertThat(store.messages().find(device.id(), CHAT, true, "OUT4").orElseThrow().status())
                .isEqualTo(MessageStatus.FAILED);
        assertThat(store.messages().advanceStatus(device.id(), CHAT, List.of("OUT4"), MessageStatus.DELIVERED))
                .isZero();
    }

    @Test
    void batchedStatusAdvancesOnlyMoveOutgoingRowsForward() {
        Device device = Fixtures.storedDevice(store);
        Instant at = Fixtures.now();
        store.messages().insertIfAbsent(outgoing(device, "B1", at));
        store.messages().insertIfAbsent(outgoing(device, "B2", at));
        store.messages().advanceStatus(device.id(), CHAT, List.of("B2"), MessageStatus.READ);
        store.messages().insertIfAbsent(text(device, "B3", at)); // received: no receipt moves it
        store.messages().advanceStatuses(List.of(
                new StatusAdvance(device.id(), CHAT, "B1", MessageStatus.DELIVERED),
                new StatusAdvance(device.id(), CHAT, "B1", MessageStatus.READ),
                new StatusAdvance(device.id(), CHAT, "B2", MessageStatus.DELIVERED),
                new StatusAdvance(device.id(), CHAT, "B3", MessageStatus.READ)));
        assertThat(status(device, "B1", true)).isEqualTo(MessageStatus.READ);
        assertThat(status(device, "B2", true)).isEqualTo(MessageStatus.READ);
        assertThat(status(device, "B3", false)).isEqualTo(MessageStatus.RECEIVED);
        // a batch of one runs as a single statement
        store.messages().insertIfAbsent(outgoing(device, "B4", at));
        store.messages().advanceStatuses(List.of(new StatusAdvance(device.id(), CHAT, "B4", MessageStatus.PLAYED)));
        assertThat(status(device, "B4", true)).isEqualTo(MessageStatus.PLAYED);
    }

    private MessageStatus status(Device device, String id, boolean fromMe) {
        return store.messages().find(device.id(), CHAT, fromMe, id).orElseThrow().status();
    }

    private static StoredMessage outgoing(Device device, String id, Instant at) {
        return new StoredMessage(device.id(), CHAT, "me@s.whatsapp.net", id, true, MessageDirection.OUTGOING, "text",
                Optional.of("hi"), Optional.empty(), Optional.empty(), Optional.empty(), "", at,
                MessageStatus.PENDING);
    }

    @Test
    void manySessionsWriteAtOnceWithoutLosingOrDuplicating() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(Fixtures.storedDevice(store));
        }
        List<Callable<Boolean>> writes = new ArrayList<>();
        for (Device device : devices) {
            for (int i = 0; i < 50; i++) {
                StoredMessage message = text(device, "C" + i, Fixtures.now());
                writes.add(() -> store.messages().insertIfAbsent(message));
                writes.add(() -> store.messages().insertIfAbsent(message)); // the same message redelivered
            }
        }
        long stored;
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            stored = pool.invokeAll(writes).stream().filter(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).count();
        }
        assertThat(stored).isEqualTo(8 * 50);
        for (Device device : devices) {
            assertThat(store.messages().page(device.id(), CHAT, new ChatPageRequest(500, Optional.empty(),
                    Optional.empty()))).hasSize(50);
        }
    }

    private List<String> ids(ChatPageRequest request, Device device) {
        return store.messages().page(device.id(), CHAT, request).stream().map(StoredMessage::messageId).toList();
    }

    private static StoredMessage text(Device device, String id, Instant at) {
        return new StoredMessage(device.id(), CHAT, CHAT, id, false, MessageDirection.INCOMING, "text",
                Optional.of("text " + id), Optional.empty(), Optional.empty(), Optional.empty(), "", at,
                MessageStatus.RECEIVED);
    }
}
