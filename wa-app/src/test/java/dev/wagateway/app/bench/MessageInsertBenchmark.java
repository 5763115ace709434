package dev.wagateway.app.bench;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessagePayloads;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What storing one incoming message costs on the receive path: one transaction with the message row and one
 * outbox row for the device's webhook (the durability rule), from 8 threads as many sessions would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class MessageInsertBenchmark {

    private BenchDatabase database;
    private UnitOfWork unitOfWork;
    private WebhookOutbox outbox;
    private UUID deviceId;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        database = new BenchDatabase(16);
        PostgresGatewayStore store = new PostgresGatewayStore(database.database());
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer("bench", "", ""), 1000, 1000, Instant.now()));
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "bench", 1, Optional.empty(),
                DeviceStatus.ACTIVE, Instant.now(), Optional.empty());
        store.devices().insertWithinLimit(device, 1000);
        store.webhooks().insertWithinLimit(device.id(), "https://hooks.example/bench", "secret",
                List.of("message.received"), Instant.now(), 5);
        deviceId = device.id();
        unitOfWork = store.unitOfWork();
        outbox = new WebhookOutbox(true, DeliveryWakeup.NONE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
    }

    @Benchmark
    public int storeAnIncomingMessageWithItsEvent() {
        String id = "3EB0" + sequence.incrementAndGet();
        StoredMessage message = new StoredMessage(deviceId, "15550001111@s.whatsapp.net",
                "15550001111@s.whatsapp.net", id, false, MessageDirection.INCOMING, "text",
                Optional.of("a message of typical length, about sixty characters long...."), Optional.empty(),
                Optional.empty(), Optional.empty(), "Bob", Instant.now(), MessageStatus.RECEIVED);
        return unitOfWork.inTransaction(tx -> {
            tx.messages().insertIfAbsent(message);
            return outbox.record(tx, new GatewayEvent(EventTypes.MESSAGE_RECEIVED, deviceId, Instant.now(),
                    MessagePayloads.of(message), message.chat()));
        });
    }
}
