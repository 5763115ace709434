package dev.wagateway.app.bench;

import dev.wagateway.app.Main;
import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.RestoreReport;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.StartupReconnect;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The boot restore of N paired devices: pairs N devices of the gateway core to N sandbox phones (the sandbox runs as
 * its own process, so its memory is not counted), stops the session manager, starts a new one over the same
 * database and times {@link SessionManager#restoreAll()} until every device is logged in again; then reports the
 * gateway's heap with N idle connected clients. Not a test; see the bench profile of wa-app.
 */
public final class RestoreBenchmark {

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Main.tuneHttpClient(); // as the server does, before any HttpClient exists
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // -Dsandbox.control=URL -Dsandbox.ws=URL -Dsandbox.root=HEX: use a running sandbox (shared with a Baileys run)
        String ws = System.getProperty("sandbox.ws");
        String control = System.getProperty("sandbox.control");
        String root = System.getProperty("sandbox.root");
        Process sandbox = null;
        if (control == null) {
            Path jar = Path.of(System.getProperty("sandbox.jar", "wa-sandbox/target/wa-sandbox.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run mvn -DskipTests package first");
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            sandbox = new ProcessBuilder(java, "-Xmx2g", "-jar", jar.toString(), "--port", "0")
                    .redirectErrorStream(true).start();
        }
        try (BenchDatabase database = new BenchDatabase(16);
             WaClientRuntime runtime = WaClientRuntime.create(HttpClient.newHttpClient())) {
            BufferedReader output = sandbox == null ? null : new BufferedReader(new InputStreamReader(
                    sandbox.getInputStream(), StandardCharsets.UTF_8));
            while (root == null) {
                String line = output.readLine();
                if (line == null) {
                    throw new IllegalStateException("sandbox exited");
                }
                if (line.startsWith("websocket:")) {
                    ws = line.substring(10).trim();
                } else if (line.startsWith("control:")) {
                    control = line.substring(8).trim();
                } else if (line.startsWith("root key:")) {
                    root = line.substring(9).trim();
                }
            }
            if (output != null) {
                Thread.ofVirtual().start(() -> output.lines().forEach(line -> { }));
            }
            HttpClient http = HttpClient.newHttpClient();
            PostgresGatewayStore store = new PostgresGatewayStore(database.database());
            WaClientConfig config = WaClientConfig.defaults().toBuilder()
                    .server(URI.create(ws), HexFormat.of().parseHex(root)).build();
            // -Dbench.defaults=true restores with the shipped defaults of api.md §9 (5 s start jitter, 5 attempts,
            // 2 s doubling to 30 s); otherwise without jitter, to time the connections themselves
            StartupReconnect startup = Boolean.getBoolean("bench.defaults")
                    ? new StartupReconnect(concurrency, Duration.ofSeconds(5), 5, Duration.ofSeconds(2),
                    Duration.ofSeconds(30))
                    : new StartupReconnect(concurrency, Duration.ZERO, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));
            WebhookOutbox outbox = new WebhookOutbox(false, DeliveryWakeup.NONE);
            Clock clock = Clock.systemUTC();

            ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()),
                    "wam_...", new Customer("bench", "", ""), devices, 1000, Instant.now()));
            List<Device> all = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s" + i), "d" + i, 1,
                        Optional.empty(), DeviceStatus.PENDING, Instant.now(), Optional.empty());
                store.devices().insertWithinLimit(device, devices);
                all.add(device);
            }

            long pairingStart = System.nanoTime();
            try (SessionManager first = new SessionManager(config, runtime, store.protocolStores(), store.devices(),
                    store.unitOfWork(), outbox, startup, clock)) {
                Semaphore parallel = new Semaphore(16);
                try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> pending = new ArrayList<>();
                    for (int i = 0; i < devices; i++) {
                        String phone = String.valueOf(17000000000L + i);
                        Device device = all.get(i);
                        String controlUrl = control;
                        pending.add(executor.submit(() -> {
                            parallel.acquire();
                            try {
                                post(http, controlUrl + "/phones", "{\"phone\":\"" + phone + "\",\"name\":\"P\"}");
                                LoginStart.Qr qr = (LoginStart.Qr) first.startQrLogin(device.id());
                                post(http, controlUrl + "/phones/" + phone + "/link", "{\"qr\":\"" + qr.text() + "\"}");
                                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                                while (!first.liveStatus(device.id()).healthy()) {
                                    if (System.nanoTime() > deadline) {
                                        throw new IllegalStateException("device " + phone + " did not log in");
                                    }
                                    Thread.sleep(20);
                                }
                            } finally {
                                parallel.release();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> future : pending) {
                        future.get();
                    }
                }
                System.out.printf("paired %d devices in %.1f s%n", devices, (System.nanoTime() - pairingStart) / 1e9);
            }
            Thread.sleep(2000); // the sandbox notices the closed connections

            System.gc();
            long heapBefore = usedHeap();
            Map<String, Long> histogramBefore = histogram();
            try (SessionManager second = new SessionManager(config, runtime, store.protocolStores(), store.devices(),
                    store.unitOfWork(), outbox, startup, clock)) {
                RestoreReport report = second.restoreAll();
                System.out.printf("restored: %d connected, %d failed, %d without session, in %.2f s (concurrency %d)%n",
                        report.connected(), report.failed(), report.loggedOut(), report.elapsed().toMillis() / 1000.0,
                        concurrency);
                Thread.sleep(3000);
                System.gc();
                Thread.sleep(500);
                System.gc();
                long heapAfter = usedHeap();
                System.out.printf("healthy sessions: %d; heap with them: %.1f MiB (%.1f MiB before the restore), "
                                + "%.1f KiB per idle connected client; process RSS %.1f MiB%n",
                        second.healthySessions(), heapAfter / 1048576.0, heapBefore / 1048576.0,
                        (heapAfter - heapBefore) / 1024.0 / devices, rss() / 1048576.0);
                if (Boolean.getBoolean("bench.histogram")) {
                    Map<String, Long> after = histogram();
                    after.entrySet().stream()
                            .map(e -> Map.entry(e.getKey(), e.getValue() - histogramBefore.getOrDefault(e.getKey(), 0L)))
                            .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                            .limit(25).forEach(e -> System.out.printf("  %8.0f bytes per client  %s%n",
                                    e.getValue() / (double) devices, e.getKey()));
                }
            }
        } finally {
            if (sandbox != null) {
                sandbox.destroy();
            }
        }
    }

    /** Live bytes per class (a full GC first), through the JVM's own diagnostic command. */
    private static Map<String, Long> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                bytes.merge(parts[3], Long.parseLong(parts[2]), Long::sum);
            }
        }
        return bytes;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
    }
}
