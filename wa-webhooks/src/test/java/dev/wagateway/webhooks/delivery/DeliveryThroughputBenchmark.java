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
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deliveries per second to a fast loopback receiver with N workers, then the delay from each event's commit to its
 * arrival at the receiver when events come at 200/s and at the rate the burst reached. Commits and arrivals are
 * paired by the event's own id (carried in the body), not by order. Not a test; run through the reactor (nothing to
 * install): {@code mvn -B -q -pl wa-webhooks -am -Pbench -DskipTests test -Dbench.args="5000 4 1"}.
 *
 * <p>Arguments: events in the burst, workers, webhooks (all on the one receiver; each webhook gets at most its
 * per-webhook share of the attempt slots). {@code -Dbench.durable=true} runs PostgreSQL with fsync on,
 * {@code -Dbench.burstOnly=true} skips the steady phases, {@code -Dbench.steadyRate=N} runs the second one at N
 * events/s, {@code -Dbench.perWebhook=N} caps attempts in flight per webhook at N instead of the default,
 * {@code -Dbench.publish=group} group-commits the steady phases' events as the gateway's receipts are (default
 * {@code each}: a transaction per event), {@code -Dbench.settle=S} bounds the unmeasured rounds at the second phase's
 * rate that let the JIT compilers settle before the steady phases (default 120 s); {@code -Dbench.pg.NAME=VALUE}
 * (through {@code -Dbench.jvmArgs}) sets any setting of the embedded server.
 */
public final class DeliveryThroughputBenchmark {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"([^\"]+)\"");
    /** System properties of this prefix are the embedded server's settings ({@code -Dbench.pg.plan_cache_mode=...}). */
    private static final String SERVER_SETTING = "bench.pg.";
    private static final Duration STEADY = Duration.ofSeconds(10);
    private static final Duration SETTLE_ROUND = Duration.ofSeconds(5);

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    /** Arrivals by the prefix of their id, so waiting for a phase does not scan every arrival every few ms. */
    private final Map<String, LongAdder> arrivalsByPrefix = new ConcurrentHashMap<>();
    private final PostgresGatewayStore store;
    private final Device device;
    private final DeliverySettings settings;
    private final WebhookSender sender;
    private final Clock clock = Clock.systemUTC();
    private ProcessHandle postmaster;
    private EmbeddedPostgres postgres;

    private DeliveryThroughputBenchmark(PostgresGatewayStore store, Device device, DeliverySettings settings,
                                        WebhookSender sender) {
        this.store = store;
        this.device = device;
        this.settings = settings;
        this.sender = sender;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int webhooks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Platform threads of its own name, so its CPU is counted apart (CpuTime): the receiver shares this JVM but is
        // not the gateway's cost. Enough of them for every attempt in flight (each answers at once).
        ExecutorService receiving = Executors.newFixedThreadPool(32,
                Thread.ofPlatform().name(CpuTime.RECEIVER_THREADS, 0).daemon(true).factory());
        receiver.setExecutor(receiving);
        // -Dbench.durable=true: fsync and synchronous commit on, as the gateway runs its embedded PostgreSQL (the
        // library's defaults, used otherwise, turn both off)
        String durable = Boolean.getBoolean("bench.durable") ? "on" : "off";
        // -Dbench.statements=true: PostgreSQL's own account of its statements (pg_stat_statements, nested ones
        // too) for the burst, printed after it
        boolean statements = Boolean.getBoolean("bench.statements");
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable).setServerConfig("full_page_writes", durable);
        if (statements) {
            server.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all");
        }
        // -Dbench.pg.NAME=VALUE: any other server setting (auto_explain of the nested statements, plan_cache_mode)
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(SERVER_SETTING))
                .sorted().forEach(name -> server.setServerConfig(name.substring(SERVER_SETTING.length()),
                        System.getProperty(name)));
        try (EmbeddedPostgres postgres = server.start();
             PostgresDatabase database = PostgresDatabase.open(postgres.getJdbcUrl("postgres", "postgres"),
                     "postgres", "postgres", 16)) {
            PostgresGatewayStore store = new PostgresGatewayStore(database);
            Clock clock = Clock.systemUTC();
            ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of("bench"), "wam_...",
                    new Customer("bench", "", ""), 5, 1000, clock.instant()));
            Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "bench", 1, Optional.empty(),
                    DeviceStatus.ACTIVE, clock.instant(), Optional.empty());
            store.devices().insertWithinLimit(device, 5);
            for (int i = 0; i < webhooks; i++) {
                store.webhooks().insertWithinLimit(device.id(), "http://127.0.0.1:" + receiver.getAddress().getPort()
                        + "/hook-" + i, "secret", List.of(), clock.instant(), webhooks);
            }
            DeliverySettings defaults = DeliverySettings.of(workers, 3);
            int perWebhook = Integer.getInteger("bench.perWebhook", 0);
            DeliverySettings settings = defaults.withPerWebhook(perWebhook > 0 ? perWebhook : defaults.perWebhook());
            // WEBHOOK_ALLOW_INSECURE=true: a plain receiver on loopback
            WebhookSender sender = new WebhookSender(settings, new TargetPolicy(true, false, HostResolver.system()),
                    clock);
            DeliveryThroughputBenchmark bench = new DeliveryThroughputBenchmark(store, device, settings, sender);
            bench.postgres = postgres;
            // the server that answers us: the parent of our backend (the library starts it detached from the JVM)
            try (var connection = postgres.getPostgresDatabase().getConnection();
                 var query = connection.createStatement().executeQuery("select pg_backend_pid()")) {
                query.next();
                bench.postmaster = ProcessHandle.of(query.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow();
            }
            receiver.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                long at = System.nanoTime();
                Matcher id = MESSAGE_ID.matcher(new String(body, StandardCharsets.UTF_8));
                if (id.find()) {
                    // keyed by event and webhook: every event reaches every webhook
                    String eventId = id.group(1);
                    if (bench.arrivals.putIfAbsent(eventId + "@" + exchange.getRequestURI().getPath(), at) == null) {
                        bench.arrivalsByPrefix.computeIfAbsent(eventId.substring(0, eventId.lastIndexOf('-') + 1),
                                prefix -> new LongAdder()).increment();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            System.out.printf("%d workers (%d attempts in flight, %d per webhook), %d webhook(s), events over 50 "
                    + "chats, every event to every webhook, fsync %s%n", workers, settings.slots(),
                    settings.perWebhook(), webhooks, durable);

            // A first, unmeasured burst: in a run of seconds the JIT compiler's threads otherwise take more CPU
            // than the deliveries (42 s of compilation in one profiled run).
            // -Dbench.warmup=N: deliveries before the measured burst (default: as many as it has)
            int warmup = Integer.getInteger("bench.warmup", 0);
            bench.burst("warm-", warmup > 0 ? warmup : events, webhooks, false);
            if (statements) {
                execute(postgres, "create extension if not exists pg_stat_statements");
                execute(postgres, "select pg_stat_statements_reset()");
            }
            double throughput = bench.burst("burst-", events, webhooks, true);
            if (statements) {
                printStatements(postgres);
            }
            if (!Boolean.getBoolean("bench.burstOnly")) {
                // -Dbench.steadyRate=N: the second steady phase at N events/s instead of the burst's rate
                int steadyRate = Integer.getInteger("bench.steadyRate", 0);
                int secondRate = steadyRate > 0 ? steadyRate : (int) Math.round(throughput / webhooks);
                bench.settle(secondRate, webhooks, Integer.getInteger("bench.settle", 120));
                bench.steady("a", 200, webhooks, STEADY, true);
                if (statements) {
                    execute(postgres, "select pg_stat_statements_reset()");
                }
                bench.steady("b", secondRate, webhooks, STEADY, true);
                if (statements) {
                    printStatements(postgres); // the second steady phase's, publishing included
                }
            }
        } finally {
            receiver.stop(0);
            receiving.shutdownNow();
        }
    }

    /** Delivers {@code events} already in the outbox; returns deliveries per second. */
    private double burst(String prefix, int events, int webhooks, boolean print) throws InterruptedException {
        long settledBefore = settledDeliveries();
        WebhookOutbox quiet = new WebhookOutbox(true, () -> { });
        // 100 events a transaction: the burst measures delivering, and a commit (an fsync) per event made filling the
        // outbox take longer than emptying it
        for (int from = 0; from < events; from += 100) {
            int first = from;
            store.unitOfWork().inTransaction(tx -> {
                for (int i = first; i < Math.min(events, first + 100); i++) {
                    quiet.record(tx, event(prefix + i, i));
                }
                return null;
            });
        }
        int expected = events * webhooks;
        CpuTime cpuBefore = CpuTime.now(postmaster);
        long start = System.nanoTime();
        try (DeliveryWorkers workers = new DeliveryWorkers(store.deliveries(), store.webhooks(), sender, settings,
                clock, RandomGenerator.getDefault())) {
            workers.start();
            while (received(prefix) < expected) {
                Thread.sleep(5);
            }
            while (settledDeliveries() - settledBefore < expected) {
                Thread.sleep(5);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime cpu = CpuTime.now(postmaster).minus(cpuBefore);
        double perSecond = expected / seconds;
        if (print) {
            double per = 1000.0 / expected;
            System.out.printf("burst: %d deliveries in %.2f s = %.0f deliveries/s; CPU per 1,000 deliveries: "
                    + "JVM %.2f s, PostgreSQL %.2f s; of the JVM's: receiver %.2f s, JIT %.2f s, GC %.2f s, "
                    + "so gateway %.2f s + PostgreSQL = %.2f s; voluntary context switches per delivery: JVM %.1f, "
                    + "PostgreSQL %.1f; load average %.1f%n", expected, seconds, perSecond,
                    cpu.jvmSeconds() * per, cpu.postgresSeconds() * per, cpu.receiverSeconds() * per,
                    cpu.jitSeconds() * per, cpu.gcSeconds() * per, cpu.gatewaySeconds() * per,
                    (cpu.gatewaySeconds() + cpu.postgresSeconds()) * per, cpu.jvmSwitches() / (double) expected,
                    cpu.postgresSwitches() / (double) expected,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return perSecond;
    }

    /**
     * Publishes at {@code rate} in unmeasured rounds of {@link #SETTLE_ROUND} until the JIT compiler threads took
     * less than 5 % of a core in a round, or {@code maxSeconds} passed: the steady phases publish and deliver on
     * paths the bursts never ran (the publisher's transactions, the wake-ups, claims of one or two rows), and a
     * phase measured while C2 still compiles them measures the compiler on two shared cores.
     */
    private void settle(int rate, int webhooks, int maxSeconds) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
        for (int round = 0; ; round++) {
            long began = System.nanoTime();
            CpuTime cpu = steady("settle" + round, rate, webhooks, SETTLE_ROUND, false);
            double share = cpu.jitSeconds() / ((System.nanoTime() - began) / 1e9);
            System.out.printf("settling at %d events/s, round %d: JIT compiler threads %.1f %% of a core%n", rate,
                    round, 100 * share);
            if (share < 0.05) {
                System.out.printf("settled after %d round(s)%n", round + 1);
                return;
            }
            if (System.nanoTime() > until) {
                System.out.printf("NOT settled after %d s (bench.settle): the phases below include compiling%n",
                        maxSeconds);
                return;
            }
        }
    }

    /**
     * Events at {@code rate} per second for {@code length}, published in the mode {@code bench.publish} names:
     * {@code each} (the default), each event committed in its own transaction on its own virtual thread (as events
     * of many devices would be); {@code group}, events group-committed as the gateway's receipts are
     * ({@link GroupCommitPublisher}). Prints the commit-to-arrival delays, paired by id, when {@code print}; returns
     * the CPU the phase took.
     */
    private CpuTime steady(String run, int rate, int webhooks, Duration length, boolean print)
            throws InterruptedException {
        boolean grouped = "group".equals(System.getProperty("bench.publish", "each"));
        Map<String, Long> committed = new ConcurrentHashMap<>();
        int total = (int) (rate * length.toSeconds());
        long transactions = 0;
        long start;
        long published;
        CpuTime cpuBefore = CpuTime.now(postmaster);
        // the claims counted and timed (the real repository underneath), and PostgreSQL's state each second
        TracedDeliveries traced = new TracedDeliveries(store.deliveries());
        ServerSampler sampler;
        try {
            if (Boolean.getBoolean("bench.plans")) {
                ClaimPlan.print(postgres.getPostgresDatabase().getConnection(), "before steady " + run,
                        settings.perWebhook());
            }
            sampler = new ServerSampler(postgres.getPostgresDatabase().getConnection(), System.nanoTime());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        try (DeliveryWorkers live = new DeliveryWorkers(traced, store.webhooks(), sender, settings,
                clock, RandomGenerator.getDefault())) {
            live.start();
            WebhookOutbox outbox = new WebhookOutbox(true, live);
            Semaphore publishing = new Semaphore(64); // a bound on transactions waiting for a connection
            GroupCommitPublisher group = grouped ? new GroupCommitPublisher(store.unitOfWork(), outbox, committed)
                    : null;
            try (ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor()) {
                long interval = 1_000_000_000L / rate;
                start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String id = "steady-" + run + "-" + i;
                    if (grouped) {
                        group.publish(id, event(id, i));
                        continue;
                    }
                    publishing.acquire();
                    int chat = i;
                    publishers.submit(() -> {
                        try {
                            GatewayEvent event = event(id, chat);
                            int added = store.unitOfWork().inTransaction(tx -> outbox.record(tx, event));
                            committed.put(id, System.nanoTime());
                            outbox.committed(added);
                        } finally {
                            publishing.release();
                        }
                    });
                }
            }
            published = System.nanoTime() - start;
            if (grouped) {
                group.close();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (received("steady-" + run + "-") < (long) total * webhooks && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (grouped) {
                transactions = group.transactions();
            }
        }
        CpuTime cpu = CpuTime.now(postmaster).minus(cpuBefore);
        double phaseSeconds = (System.nanoTime() - start) / 1e9;
        if (!print) {
            return cpu;
        }
        List<Long> delays = new ArrayList<>();
        // the delays by the second of the run their event was committed in: a queue that builds up shows as a
        // rising median, a stall of everything as one step
        Map<Long, List<Long>> bySecond = new java.util.TreeMap<>();
        long began = start;
        arrivals.forEach((key, arrived) -> {
            Long at = committed.get(key.substring(0, key.indexOf('@')));
            if (at != null) {
                long delay = Math.max(0, arrived - at); // an arrival can beat the commit's timestamp by a hair
                delays.add(delay);
                bySecond.computeIfAbsent((at - began) / 1_000_000_000L, second -> new ArrayList<>()).add(delay);
            }
        });
        StringBuilder medians = new StringBuilder();
        bySecond.forEach((second, list) -> {
            Collections.sort(list);
            medians.append(String.format(" %ds:%.1f", second, percentile(list, 50)));
        });
        Collections.sort(delays);
        System.out.printf("steady %d events/s x %d webhook(s) (published at %.0f events/s, %s): %d of %d arrived; "
                        + "commit-to-arrival p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, webhooks,
                total / (published / 1e9), grouped ? String.format("group commit, %.1f events a transaction",
                        total / (double) Math.max(1, transactions)) : "one transaction per event",
                delays.size(), total * webhooks, percentile(delays, 50),
                percentile(delays, 90),
                percentile(delays, 99), delays.isEmpty() ? 0 : delays.getLast() / 1e6);
        System.out.println("  median delay (ms) by second of commit:" + medians);
        DelaySplit.print(committed, arrivals, traced, began);
        try {
            if (Boolean.getBoolean("bench.plans")) {
                ClaimPlan.print(postgres.getPostgresDatabase().getConnection(), "after steady " + run,
                        settings.perWebhook());
            }
            sampler.close();
        } catch (java.sql.SQLException e) {
            System.out.println("  server sampler: " + e.getMessage());
        }
        double per = 1000.0 / Math.max(1, delays.size());
        System.out.printf("  CPU per 1,000 deliveries, publishing included: gateway %.2f s "
                        + "(receiver %.2f s apart), PostgreSQL %.2f s; JIT compiler threads %.1f %% of a core over "
                        + "the phase; load average %.1f%n", cpu.gatewaySeconds() * per,
                cpu.receiverSeconds() * per, cpu.postgresSeconds() * per,
                100 * cpu.jitSeconds() / phaseSeconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return cpu;
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws java.sql.SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void printStatements(EmbeddedPostgres postgres) throws java.sql.SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var rows = connection.createStatement().executeQuery("""
                     select calls, total_exec_time, total_plan_time, rows, query from pg_stat_statements
                     order by total_exec_time + total_plan_time desc limit 15""")) {
            System.out.println("calls  exec ms (total)  plan ms  rows  statement");
            while (rows.next()) {
                System.out.printf("%6d %10.1f %10.1f %7d  %s%n", rows.getLong(1), rows.getDouble(2),
                        rows.getDouble(3), rows.getLong(4),
                        rows.getString(5).replaceAll("\\s+", " ").substring(0,
                                Math.min(150, rows.getString(5).replaceAll("\\s+", " ").length())));
            }
        }
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    private long received(String prefix) {
        LongAdder count = arrivalsByPrefix.get(prefix);
        return count == null ? 0 : count.sum();
    }

    private long settledDeliveries() {
        return store.deliveries().counts().success();
    }

    private GatewayEvent event(String id, int i) {
        return new GatewayEvent("message.received", device.id(), Instant.now(clock),
                Map.of("message_id", id, "text", "benchmark message " + i), "chat-" + (i % 50));
    }
}
