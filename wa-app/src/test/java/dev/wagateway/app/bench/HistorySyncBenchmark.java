package dev.wagateway.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A phone's history of N messages over C chats (default 10,000 over 1,000, issue 16) synced to a linked device of
 * the gateway core and stored: the time from the notification's delivery (the phone has built, compressed,
 * encrypted and uploaded the blob) until the chunk is recorded with every message in {@code wa_messages}, and the
 * heap: the peak used heap sampled every 5 ms during the sync above the heap after a GC
 * before it, and what stays after a GC at the end. The sandbox runs in the same JVM (it builds, compresses, encrypts
 * and uploads the history), so its share is counted in the peak: an upper bound for the gateway's. Not a test.
 */
public final class HistorySyncBenchmark {

    private HistorySyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int chats = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String phone = "15550990000";
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (BenchDatabase database = new BenchDatabase(8);
             SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())));
             WaClientRuntime runtime = WaClientRuntime.create(HttpClient.newHttpClient())) {
            PostgresGatewayStore store = new PostgresGatewayStore(database.database());
            sandbox.control().createPhone(phone, "Bench");
            ObjectNode seed = new ObjectMapper().createObjectNode();
            ArrayNode list = seed.putArray("messages");
            long base = Instant.now().getEpochSecond() - messages;
            for (int k = 0; k < messages; k++) {
                list.addObject().put("id", "3EB0BENCH" + k).put("chat", String.valueOf(15551000000L + k % chats))
                        .put("from_me", k % 3 == 0).put("text", "a message of typical length, about sixty "
                                + "characters long " + k).put("timestamp", base + k);
            }
            WaClientConfig config = WaClientConfig.defaults().toBuilder()
                    .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                    .media(MediaTransferConfig.withSslContext(sandbox.mediaSslContext())).build();
            Device device = device(store);
            try (SessionManager sessions = new SessionManager(config, runtime, store.protocolStores(),
                    store.devices(), store.unitOfWork(), new WebhookOutbox(true, DeliveryWakeup.NONE),
                    new StartupReconnect(2, Duration.ZERO, 1, Duration.ofMillis(100), Duration.ofSeconds(1)),
                    Clock.systemUTC())) {
                LoginStart.Qr qr = (LoginStart.Qr) sessions.startQrLogin(device.id());
                sandbox.control().linkQr(phone, qr.text());
                await(() -> sessions.liveStatus(device.id()).healthy(), Duration.ofSeconds(60));
                System.gc();
                long baseline = memory.getHeapMemoryUsage().getUsed();
                AtomicLong peak = new AtomicLong(baseline);
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (sampling.get()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                // the phone builds, compresses, encrypts, uploads and announces its history to the linked device
                long start = System.nanoTime();
                sandbox.history().seed(phone, seed);
                long delivered = System.nanoTime();
                await(() -> synced(database, device.id()), Duration.ofMinutes(5));
                long done = System.nanoTime();
                sampling.set(false);
                sampler.join();
                int stored = stored(database, device.id());
                System.gc();
                long retained = memory.getHeapMemoryUsage().getUsed() - baseline;
                System.out.printf("history sync: %,d messages over %,d chats stored (%,d rows)%n", messages, chats,
                        stored);
                System.out.printf("  the phone builds and uploads it: %,d ms; notification delivered to all stored "
                                + "(the gateway's part): %,d ms%n", (delivered - start) / 1_000_000,
                        (done - delivered) / 1_000_000);
                System.out.printf("  heap: baseline %.1f MiB, peak growth %.1f MiB, retained after GC %.1f MiB "
                                + "(max heap %.0f MiB)%n", mib(baseline), mib(peak.get() - baseline), mib(retained),
                        mib(memory.getHeapMemoryUsage().getMax()));
            }
        }
        System.exit(0);
    }

    private static boolean synced(BenchDatabase database, UUID device) {
        return database.database().jdbi().withHandle(h -> h.createQuery(
                        "select count(*) from wa_history_syncs where device_id = :d and sync_type = 'INITIAL_BOOTSTRAP'")
                .bind("d", device).mapTo(Integer.class).one()) > 0;
    }

    private static int stored(BenchDatabase database, UUID device) {
        return database.database().jdbi().withHandle(h -> h.createQuery(
                        "select count(*) from wa_messages where device_id = :d and from_history")
                .bind("d", device).mapTo(Integer.class).one());
    }

    private static Device device(PostgresGatewayStore store) {
        Instant now = Instant.now();
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer("bench", "", ""), 5, 1000, now));
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("secret"), "bench", 1,
                Optional.empty(), DeviceStatus.PENDING, now, Optional.empty());
        store.devices().insertWithinLimit(device, 5);
        return device;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark did not finish within " + limit);
            }
            Thread.sleep(5);
        }
    }
}
