import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The REST send path under load, black box (issue #20): pairs N gateway devices with sandbox phones through the
 * public API, then drives {@code POST /chats/{sink}/messages} (a) at saturation from C concurrent connections and
 * (b) at a fixed offered rate (latency measured from each send's scheduled time, so a stall is not hidden), and
 * checks that the sink phone received every accepted message exactly once. CPU seconds per 1,000 sends are read
 * from /proc for the gateway, the embedded PostgreSQL under it, the sandbox, this load client and the rest of the
 * machine ({@link MachineCpu}), with the machine's idle share; PostgreSQL's transactions, WAL flushes and rows per
 * send from its statistics views ({@link PostgresCounters}).
 *
 * <p>Run by {@code bench/send-load.sh}, which starts both processes; a JDK 21+ single-file program with the gateway
 * jar on its class path (for Jackson): {@code java -cp wa-app.jar bench/SendLoad.java key=value...}.
 */
public final class SendLoad {

    private static final ObjectMapper JSON = BenchGateway.JSON;

    private final BenchGateway bench;
    private final HttpClient http;
    private final String gateway;
    private final String sink;
    private final long gatewayPid;
    private final long sandboxPid;
    /** The embedded PostgreSQL's data directory (its postmaster.pid names the server), or null. */
    private final Path postgresData;
    /** Null when the server cannot be reached: the counts then read 0. */
    private PostgresCounters counters;

    private SendLoad(String gateway, String adminSecret, String control, String sink, long gatewayPid,
                     long sandboxPid, Path postgresData) {
        this.bench = new BenchGateway(gateway, adminSecret, control);
        this.http = bench.http;
        this.gateway = gateway;
        this.sink = sink;
        this.gatewayPid = gatewayPid;
        this.sandboxPid = sandboxPid;
        this.postgresData = postgresData;
    }

    /**
     * The outcome of one phase: accepted sends with their latencies, refusals, time, where the machine's CPU went
     * and PostgreSQL's counters over it.
     */
    private record Phase(String name, List<Long> latenciesNanos, int refused, Set<String> ids, double seconds,
                         MachineCpu cpu, PostgresCounters.Counts counts, long usyncContactQueries, Instant from,
                         Instant to) {

        /** The phase's wall-clock window (UTC, to the second), to cut a profile of the same run to it. */
        String window() {
            return String.format("%s: %s-%s", name, clockTime(from), clockTime(to.plusSeconds(1)));
        }

        private static String clockTime(Instant at) {
            return LocalTime.ofInstant(at, ZoneOffset.UTC).withNano(0).toString();
        }

        String line() {
            long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            double all = cpu.gateway() + cpu.postgres() + cpu.sandbox() + cpu.client();
            return String.format("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f "
                            + "| %.2f | %.2f | %.0f (%.0f) | %s |", name, n, refused,
                    n / seconds, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0),
                    perThousand(cpu.gateway()), perThousand(cpu.postgres()), perThousand(cpu.sandbox()),
                    perThousand(cpu.client()), perThousand(all), perThousand(cpu.rest()), cpu.idlePercent(),
                    cpu.iowaitPercent(), cpu.loadAverage());
        }

        /** PostgreSQL's work per accepted send. */
        String countsLine() {
            return String.format("| %s | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %s |", name,
                    perSend(counts.commits()), perSend(counts.walSyncs()), perSend(counts.walWrites()),
                    perSend(counts.walBytes()) / 1024, perSend(counts.inserted()), perSend(counts.updated()),
                    usyncContactQueries < 0 ? "n/a" : String.format("%.3f", perSend(usyncContactQueries)));
        }

        private double perThousand(double cpuSeconds) {
            return latenciesNanos.isEmpty() ? 0 : cpuSeconds * 1000 / latenciesNanos.size();
        }

        private double perSend(long count) {
            return latenciesNanos.isEmpty() ? 0 : (double) count / latenciesNanos.size();
        }

        private static double ms(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> options = BenchGateway.options(args);
        SendLoad load = new SendLoad(options.get("gateway"), options.get("admin"), options.get("control"),
                options.getOrDefault("sink", "15559990000"), Long.parseLong(options.getOrDefault("gateway_pid", "0")),
                Long.parseLong(options.getOrDefault("sandbox_pid", "0")),
                options.containsKey("pg_data") ? Path.of(options.get("pg_data")) : null);
        int devices = Integer.parseInt(options.getOrDefault("devices", "10"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "0"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3000"));
        load.run(devices, connections, seconds, rate, warmup);
    }

    private void run(int deviceCount, int connections, int seconds, int rate, int warmup) throws Exception {
        control("POST", "/phones", "{\"phone\":\"" + sink + "\",\"name\":\"Sink\"}");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            tokens.add(pairedDevice(i));
        }
        System.out.printf("%d devices paired, sink %s%n", deviceCount, sink);
        counters = PostgresCounters.open(postgresData);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Phase warm = saturate("warm-up", tokens, Math.min(connections, 16), 0, warmup);
        accepted.addAll(warm.ids());
        List<Phase> phases = new ArrayList<>(List.of(warm));
        if (seconds > 0) {
            phases.add(saturate("saturation, " + connections + " connections", tokens, connections, seconds, 0));
        }
        if (rate > 0 && seconds > 0) {
            phases.add(offered(rate, tokens, seconds));
        }
        phases.forEach(phase -> accepted.addAll(phase.ids()));
        System.out.println();
        System.out.println("| phase | accepted | refused | sends/s | p50 ms | p90 ms | p99 ms | max ms "
                + "| gateway CPU s / 1,000 | PostgreSQL | sandbox | load client | the four | rest of machine "
                + "| idle % (I/O wait) | load average |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        phases.forEach(phase -> System.out.println(phase.line()));
        System.out.println();
        System.out.println("| phase, PostgreSQL per send | transactions | WAL fsyncs | WAL writes | WAL kB "
                + "| rows inserted | rows updated | usync contact IQs (sandbox) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        phases.forEach(phase -> System.out.println(phase.countsLine()));
        System.out.println();
        System.out.println("phase windows (UTC): " + String.join("; ", phases.stream().map(Phase::window).toList()));
        if (counters != null) {
            counters.close();
        }
        verifyDelivered(accepted);
    }

    /** A new API key, device and sandbox phone; the phone scans the device's QR; returns the device token. */
    private String pairedDevice(int index) throws Exception {
        return bench.pairedDevice(String.valueOf(15550100000L + index), "load-" + index, Duration.ofSeconds(30));
    }

    /** {@code connections} loops sending back to back for {@code seconds} (or {@code count} sends if seconds is 0). */
    private Phase saturate(String name, List<String> tokens, int connections, int seconds, int count)
            throws Exception {
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Reading before = reading();
        Instant from = Instant.now();
        long started = System.nanoTime();
        try (ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                loops.submit(() -> {
                    // each send takes the next number, in timed mode too: the devices take turns (a number
                    // read without being taken sent every timed send through device 0)
                    for (int n = issued.getAndIncrement(); seconds > 0 ? System.nanoTime() < end : n < count;
                         n = issued.getAndIncrement()) {
                        send(tokens.get(Math.floorMod(n, tokens.size())), System.nanoTime(), latencies, ids,
                                refused);
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Reading spent = reading().since(before);
        return new Phase(name, new ArrayList<>(latencies), refused.get(), ids, elapsed, spent.cpu(), spent.counts(),
                spent.usyncContactQueries(), from, Instant.now());
    }

    /** Sends started on a fixed schedule of {@code rate}/s, whatever the answers' speed (open loop). */
    private Phase offered(int rate, List<String> tokens, int seconds) throws Exception {
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        long total = (long) rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        Reading before = reading();
        Instant from = Instant.now();
        long started = System.nanoTime();
        try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = started + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String token = tokens.get((int) (i % tokens.size()));
                sends.submit(() -> send(token, due, latencies, ids, refused));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Reading spent = reading().since(before);
        return new Phase("offered " + rate + "/s", new ArrayList<>(latencies), refused.get(), ids, elapsed,
                spent.cpu(), spent.counts(), spent.usyncContactQueries(), from, Instant.now());
    }

    private Void send(String token, long startNanos, List<Long> latencies, Set<String> ids, AtomicInteger refused) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(gateway + "/chats/" + sink + "@s.whatsapp.net/messages"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"load " + startNanos + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - startNanos;
            if (answer.statusCode() == 200) {
                ids.add(JSON.readTree(answer.body()).path("data").path("message_id").asText());
                latencies.add(took);
            } else {
                refused.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            refused.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Every accepted message reached the sink phone once (it may take the queues a moment to drain). */
    private void verifyDelivered(Set<String> accepted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> received;
        List<String> all;
        do {
            JsonNode messages = control("GET", "/phones/" + sink + "/messages", null);
            all = new ArrayList<>();
            for (JsonNode message : messages.path("messages").isMissingNode() ? messages : messages.path("messages")) {
                all.add(message.path("id").asText());
            }
            received = new HashSet<>(all);
            if (received.containsAll(accepted)) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(received);
        int duplicates = all.size() - received.size();
        System.out.printf("%nsink phone: %d accepted sends, %d received, %d missing, %d received twice%n",
                accepted.size(), received.size(), missing.size(), duplicates);
        if (!missing.isEmpty() || duplicates > 0) {
            System.out.println("FAILED: every accepted message must arrive exactly once");
            System.exit(1);
        }
    }

    /** The CPU readings and PostgreSQL's counters at one moment. */
    private record Reading(MachineCpu cpu, PostgresCounters.Counts counts, long usyncContactQueries) {

        Reading since(Reading before) {
            return new Reading(cpu.since(before.cpu), counts.since(before.counts),
                    usyncContactQueries < 0 || before.usyncContactQueries < 0 ? -1
                            : usyncContactQueries - before.usyncContactQueries);
        }
    }

    /** Reads the CPU first (the phase's end), then PostgreSQL's counters (a query of its own). */
    private Reading reading() {
        MachineCpu cpu = MachineCpu.read(gatewayPid, sandboxPid, postgresData);
        return new Reading(cpu, counters == null ? PostgresCounters.Counts.NONE : counters.read(),
                usyncContactQueries());
    }

    /** The contact usync queries the sandbox received so far ({@code GET /stats}); -1 for a sandbox without them. */
    private long usyncContactQueries() {
        try {
            JsonNode queries = control("GET", "/stats", null).path("usync_contact").path("queries");
            return queries.isNumber() ? queries.asLong() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonNode control(String method, String path, String body) throws Exception {
        return bench.control(method, path, body);
    }
}
