package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventLogWriter;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Receipts written many to a transaction against a real PostgreSQL: each one's stage completes only once its effect
 * is committed (visible to another connection), and a receipt whose work fails inside a shared batch fails alone
 * while the others of its batch are committed.
 */
class MessageRowWriterReceiptsTest {

    private static final String CHAT = "15550003333@s.whatsapp.net";

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void eachReceiptCompletesAfterItsCommitAndABadOneFailsAlone() {
        Device device = Fixtures.storedDevice(store);
        int receipts = 200;
        int bad = 120;
        for (int i = 0; i < receipts; i++) {
            store.messages().insertIfAbsent(new StoredMessage(device.id(), CHAT, "15550001111@s.whatsapp.net",
                    "R" + i, true, MessageDirection.OUTGOING, "text", Optional.of("hi"), Optional.empty(),
                    Optional.empty(), Optional.empty(), "", Instant.parse("2026-12-06T02:00:00Z"),
                    MessageStatus.PENDING));
        }
        EventRecorder recorder = new EventRecorder(store.unitOfWork(), new EventLogWriter(() -> { }),
                Clock.systemUTC());
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        try (MessageRowWriter batcher = new MessageRowWriter(recorder)) {
            for (int i = 0; i < receipts; i++) {
                String id = "R" + i;
                boolean fails = i == bad;
                stages.add(batcher.submit(new MessageRowWriter.ReceiptWrite(device.id(), CHAT, List.of(id),
                        MessageStatus.DELIVERED, tx -> {
                            if (fails) {
                                throw new IllegalStateException("a receipt that cannot be written");
                            }
                            return 0;
                        })));
            }
            for (int i = 0; i < receipts; i++) {
                if (i == bad) {
                    CompletableFuture<Void> failed = stages.get(i);
                    assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                            .hasRootCauseMessage("a receipt that cannot be written");
                    assertThat(status(device, "R" + i)).as("rolled back").isEqualTo(MessageStatus.PENDING);
                } else {
                    stages.get(i).join();
                    // completed: committed, so another connection sees it
                    assertThat(status(device, "R" + i)).as("R" + i).isEqualTo(MessageStatus.DELIVERED);
                }
            }
        }
    }

    private MessageStatus status(Device device, String id) {
        return store.messages().find(device.id(), CHAT, true, id).orElseThrow().status();
    }
}
