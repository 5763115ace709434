package dev.wagateway.webhooks.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * Deliveries per second to a fast loopback receiver with N workers, and the delay from an event's commit to its
 * arrival at that rate. Not a test: {@code mvn -pl wa-webhooks -Pbench test-compile exec:exec}.
 */
public final class DeliveryThroughputBenchmark {

    private DeliveryThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrivals.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             PostgresDatabase database = PostgresDatabase.open(postgres.getJdbcUrl("postgres", "postgres"),
                     "postgres", "postgres", 16)) {
            PostgresGatewayStore store = new PostgresGatewayStore(database);
            Clock clock = Clock.systemUTC();
            ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of("bench"), "wam_...",
                    new Customer("bench", "", ""), 5, 1000, clock.instant()));
            Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "bench", 1, Optional.empty(),
                    DeviceStatus.ACTIVE, clock.instant(), Optional.empty());
            store.devices().insertWithinLimit(device, 5);
            store.webhooks().insertWithinLimit(device.id(), "http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook", "secret", List.of(), clock.instant(), 5);
            DeliverySettings settings = DeliverySettings.of(workers, 3);
            WebhookSender sender = new WebhookSender(settings,
                    new TargetPolicy(true, false, HostResolver.system()), clock);

            // 1. a burst already in the outbox
            WebhookOutbox quiet = new WebhookOutbox(true, () -> { });
            for (int i = 0; i < events; i++) {
                quiet.publish(store.unitOfWork(), event(device.id(), clock, i));
            }
            long start = System.nanoTime();
            try (DeliveryWorkers burst = new DeliveryWorkers(store.deliveries(), store.webhooks(), sender, settings,
                    clock, RandomGenerator.getDefault())) {
                burst.start();
                while (arrivals.size() < events) {
                    Thread.sleep(5);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("burst: %d deliveries with %d workers in %.2f s = %.0f deliveries/s%n", events, workers,
                    seconds, events / seconds);

            // 2. a steady rate: delay from commit to arrival
            arrivals.clear();
            Map<String, Long> committed = new ConcurrentHashMap<>();
            int steady = rate * 10;
            try (DeliveryWorkers live = new DeliveryWorkers(store.deliveries(), store.webhooks(), sender, settings,
                    clock, RandomGenerator.getDefault())) {
                live.start();
                WebhookOutbox outbox = new WebhookOutbox(true, live);
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < steady; i++) {
                    GatewayEvent event = event(device.id(), clock, i);
                    int added = store.unitOfWork().inTransaction(tx -> outbox.record(tx, event));
                    long at = System.nanoTime();
                    outbox.committed(added);
                    committed.put(String.valueOf(i), at);
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                }
                while (arrivals.size() < steady) {
                    Thread.sleep(5);
                }
            }
            // The receiver keys arrivals by webhook-id; map them back through the outbox rows' order.
            List<Long> delays = new ArrayList<>();
            List<Long> arrivalTimes = new ArrayList<>(arrivals.values());
            List<Long> commitTimes = new ArrayList<>(committed.values());
            Collections.sort(arrivalTimes);
            Collections.sort(commitTimes);
            for (int i = 0; i < steady; i++) {
                delays.add(arrivalTimes.get(i) - commitTimes.get(i));
            }
            Collections.sort(delays);
            System.out.printf("steady %d events/s for 10 s: commit-to-arrival delay p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    rate, delays.get(steady / 2) / 1e6, delays.get(steady * 99 / 100) / 1e6,
                    delays.getLast() / 1e6);
        } finally {
            receiver.stop(0);
        }
    }

    private static GatewayEvent event(UUID device, Clock clock, int i) {
        return new GatewayEvent("message.received", device, Instant.now(clock),
                Map.of("message_id", "3EB0" + i, "text", "benchmark message " + i), "chat-" + (i % 50));
    }
}
