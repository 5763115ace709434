import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak at the size (issue 22, docs/benchmarks.md "Soak"), black box: the gateway and the sandbox are
 * processes of their own (started by {@code bench/soak.sh}), this program is the load. It pairs N devices through
 * the public API, each with a phone of its own; then every second each device sends its phone one text over REST
 * and its phone sends it one through the sandbox's control API; every {@code drop_seconds} the sandbox drops the
 * connections of {@code drop_batch} devices (one batch after another). Every minute it samples each process apart:
 * heap in use after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), RSS, OS threads, open file
 * descriptors and sockets (/proc), those two net of this program's own HTTP connections to the process, which are
 * counted apart ({@link PeerSockets}: its clients' pools grow at the busiest moment and do not shrink). At the end: every send the API confirmed reached its phone exactly once, every
 * text a phone sent was stored by its device exactly once, and the growth after the warm-up.
 *
 * <p>A JDK 21+ single-file program with the gateway jar on its class path (for Jackson):
 * {@code java -cp wa-app.jar bench/Soak.java key=value...}.
 */
public final class Soak {

    private static final ObjectMapper JSON = BenchGateway.JSON;

    private final BenchGateway bench;
    private final HttpClient http;
    private final Map<String, String> options;
    private final String gateway;
    private final String jcmd;

    private Soak(Map<String, String> options) {
        this.options = options;
        this.gateway = options.get("gateway");
        this.bench = new BenchGateway(gateway, options.get("admin"), options.get("control"));
        this.http = bench.http;
        this.jcmd = options.getOrDefault("jcmd", "jcmd");
    }

    /** A paired device: its token and the phone it talks with. */
    private record Device(int index, String token, String phone) {
    }

    public static void main(String[] args) throws Exception {
        System.exit(new Soak(BenchGateway.options(args)).run() ? 0 : 1);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private boolean run() throws Exception {
        int count = option("devices", 200);
        int minutes = option("minutes", 30);
        int dropSeconds = option("drop_seconds", 180);
        int dropBatch = option("drop_batch", Math.max(1, count / 10));
        int warmup = option("warmup_minutes", 2);
        long gatewayPid = Long.parseLong(options.getOrDefault("gateway_pid", "0"));
        long sandboxPid = Long.parseLong(options.getOrDefault("sandbox_pid", "0"));

        List<Device> devices = pairAll(count);
        System.out.printf("soak: %d devices, 1 text/s each way per device, %d min, every %d s the connections of %d"
                + " devices dropped%n", count, minutes, dropSeconds, dropBatch);
        Map<Integer, Set<String>> confirmed = new ConcurrentHashMap<>();
        Map<Integer, Set<String>> phoneSent = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        Map<String, AtomicLong> refusedBy = new ConcurrentHashMap<>();
        AtomicLong phoneFailed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong drops = new AtomicLong();
        // at most 4 ticks of a device's requests in flight: beyond that the machine is saturated, and a tick is
        // skipped (counted) rather than piling requests up without bound
        Semaphore inFlight = new Semaphore(count * 8);
        AtomicLong second = new AtomicLong();
        var clock = Executors.newSingleThreadScheduledExecutor();
        clock.scheduleAtFixedRate(() -> {
            long tick = second.getAndIncrement();
            for (Device device : devices) {
                if (!inFlight.tryAcquire(2)) {
                    skipped.incrementAndGet();
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try {
                        send(device, tick, confirmed, refused, refusedBy);
                    } finally {
                        inFlight.release();
                    }
                });
                Thread.ofVirtual().start(() -> {
                    try {
                        phoneSend(device, tick, phoneSent, phoneFailed);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            if (tick > 0 && tick % dropSeconds == 0) {
                long batch = tick / dropSeconds;
                for (int i = 0; i < dropBatch; i++) {
                    Device device = devices.get((int) ((batch * dropBatch + i) % devices.size()));
                    Thread.ofVirtual().start(() -> drop(device, drops));
                }
            }
        }, 0, 1, TimeUnit.SECONDS);

        ProcessSampler gatewaySampler = new ProcessSampler(gatewayPid, jcmd);
        ProcessSampler sandboxSampler = new ProcessSampler(sandboxPid, jcmd);
        List<ProcessSampler.Minute> gatewayMinutes = new ArrayList<>();
        List<ProcessSampler.Minute> sandboxMinutes = new ArrayList<>();
        Map<String, Integer> threadsAfterWarmup = Map.of();
        // fds and sockets are net of the load's own HTTP connections to the process, counted apart ("load's")
        System.out.printf("%6s | %-46s | %-46s | %9s %7s %7s %7s%n", "minute", "gateway: heap, RSS MiB, threads, fds, "
                + "sockets, load's", "sandbox: the same", "confirmed", "refused", "skipped", "drops");
        long start = System.nanoTime();
        for (int minute = 1; minute <= minutes; minute++) {
            // counts every 10 s, heap after GC every 20 s, on a fixed schedule (a slow jcmd delays a reading, not
            // the minutes after it); both processes at once: see ProcessSampler for what a minute keeps
            for (int reading = 1; reading <= 6; reading++) {
                long due = start + TimeUnit.SECONDS.toNanos((minute - 1) * 60L + reading * 10L);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                boolean heap = reading % 2 == 0;
                Thread sandboxReading = Thread.ofVirtual().start(() -> {
                    sandboxSampler.sampleCounts();
                    if (heap) {
                        sandboxSampler.sampleHeap();
                    }
                });
                gatewaySampler.sampleCounts();
                if (heap) {
                    gatewaySampler.sampleHeap();
                }
                sandboxReading.join();
            }
            ProcessSampler.Minute g = gatewaySampler.endMinute();
            ProcessSampler.Minute s = sandboxSampler.endMinute();
            gatewayMinutes.add(g);
            sandboxMinutes.add(s);
            System.out.printf("%6d | %s | %s | %9d %7d %7d %7d%n", minute, g.row(), s.row(), total(confirmed),
                    refused.get(), skipped.get(), drops.get());
            if (minute == warmup) {
                threadsAfterWarmup = gatewaySampler.threadKinds();
            }
        }
        threadKindsChanged(threadsAfterWarmup, gatewaySampler.threadKinds());
        clock.shutdown();
        clock.awaitTermination(10, TimeUnit.SECONDS);
        inFlight.acquire(count * 8); // every request of the last ticks answered
        inFlight.release(count * 8);

        // what a device has not acknowledged (its storage failed or it lagged) the server redelivers at its next
        // login: one reconnect of every device, then the count
        long unacked = control("GET", "/stats", null).path("unacked").asLong();
        devices.forEach(device -> drop(device, drops));
        System.out.printf("stanzas unacknowledged at the end of the traffic: %d; every device reconnected once%n",
                unacked);
        boolean exact = verify(devices, confirmed, phoneSent);
        System.out.printf("sends confirmed %d, refused %d (not connected at that moment: the caller was told), "
                + "phone sends %d, failed %d, ticks skipped for saturation %d%n", total(confirmed), refused.get(),
                total(phoneSent), phoneFailed.get(), skipped.get());
        refusedBy.forEach((why, n) -> System.out.printf("  refused %6d: %s%n", n.get(), why));
        boolean flat = flat("gateway", gatewayMinutes, warmup);
        flat("sandbox", sandboxMinutes, warmup);
        System.out.println(exact && flat ? "soak: PASSED (exactly once both ways; the gateway flat after the warm-up)"
                : "soak: FAILED");
        return exact && flat;
    }

    private static long total(Map<Integer, Set<String>> ids) {
        return ids.values().stream().mapToLong(Set::size).sum();
    }

    /** Devices paired 8 at a time (pairing is the slow part of the start). */
    private List<Device> pairAll(int count) throws Exception {
        List<Device> devices = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore parallel = new Semaphore(8);
        try (ExecutorService pairing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                pairing.submit(() -> {
                    parallel.acquire();
                    try {
                        devices.add(paired(index));
                    } finally {
                        parallel.release();
                    }
                    return null;
                });
            }
        }
        if (devices.size() != count) {
            throw new IllegalStateException("only " + devices.size() + " of " + count + " devices paired");
        }
        devices.sort(java.util.Comparator.comparingInt(Device::index));
        System.out.printf("%d devices paired%n", count);
        return devices;
    }

    /** A new API key and device, its own shop phone scanning its QR, and the customer phone it talks with. */
    private Device paired(int index) throws Exception {
        String customer = String.valueOf(15570000000L + index);
        control("POST", "/phones", "{\"phone\":\"" + customer + "\",\"name\":\"Customer " + index + "\"}");
        String token = bench.pairedDevice(String.valueOf(15560000000L + index), "soak-" + index,
                Duration.ofSeconds(120));
        return new Device(index, token, customer);
    }

    private void send(Device device, long tick, Map<Integer, Set<String>> confirmed, AtomicLong refused,
                      Map<String, AtomicLong> refusedBy) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(gateway + "/chats/" + device.phone() + "/messages"))
                    .header("Authorization", "Bearer " + device.token()).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"out " + tick + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                confirmed.computeIfAbsent(device.index(), d -> ConcurrentHashMap.newKeySet())
                        .add(JSON.readTree(answer.body()).path("data").path("message_id").asText());
            } else {
                refused.incrementAndGet();
                String message = JSON.readTree(answer.body()).path("message").asText("");
                refusedBy.computeIfAbsent(answer.statusCode() + " " + message.substring(0, Math.min(60,
                        message.length())), k -> new AtomicLong()).incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            refused.incrementAndGet();
            refusedBy.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void phoneSend(Device device, long tick, Map<Integer, Set<String>> sent, AtomicLong failed) {
        try {
            JsonNode answer = control("POST", "/phones/" + device.phone() + "/messages", "{\"to\":\""
                    + (15560000000L + device.index()) + "\",\"text\":\"in " + tick + "\"}");
            sent.computeIfAbsent(device.index(), d -> ConcurrentHashMap.newKeySet()).add(answer.path("id").asText());
        } catch (Exception e) {
            failed.incrementAndGet();
        }
    }

    private void drop(Device device, AtomicLong drops) {
        try {
            JsonNode phone = control("GET", "/phones/" + (15560000000L + device.index()), null);
            for (JsonNode linked : phone.path("devices")) {
                if (linked.path("online").asBoolean()) {
                    control("POST", "/faults", JSON.writeValueAsString(Map.of("type", "drop", "device",
                            linked.path("jid").asText())));
                    drops.incrementAndGet();
                }
            }
        } catch (Exception e) {
            System.out.println("could not drop the connection of device " + device.index() + ": " + e.getMessage());
        }
    }

    /** Every confirmed send at its phone once; every phone text stored by its device once. */
    private boolean verify(List<Device> devices, Map<Integer, Set<String>> confirmed,
                           Map<Integer, Set<String>> phoneSent) throws Exception {
        long missingAtPhone = 0;
        long twiceAtPhone = 0;
        long missingStored = 0;
        long twiceStored = 0;
        // one deadline for all: what is still missing then is missing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (Device device : devices) {
            Set<String> expectedOut = confirmed.getOrDefault(device.index(), Set.of());
            Set<String> expectedIn = phoneSent.getOrDefault(device.index(), Set.of());
            List<String> atPhone = List.of();
            List<String> stored = List.of();
            do {
                atPhone = phoneReceived(device.phone());
                stored = storedIncoming(device);
                if (new HashSet<>(atPhone).containsAll(expectedOut) && new HashSet<>(stored).containsAll(expectedIn)) {
                    break;
                }
                Thread.sleep(1000);
            } while (System.nanoTime() < deadline);
            Set<String> phoneSet = new HashSet<>(atPhone);
            Set<String> storedSet = new HashSet<>(stored);
            missingAtPhone += expectedOut.stream().filter(id -> !phoneSet.contains(id)).count();
            twiceAtPhone += atPhone.size() - phoneSet.size();
            missingStored += expectedIn.stream().filter(id -> !storedSet.contains(id)).count();
            twiceStored += stored.size() - storedSet.size();
        }
        System.out.printf("at the phones: %d confirmed sends missing, %d received twice; at the devices: %d phone "
                + "texts missing, %d stored twice%n", missingAtPhone, twiceAtPhone, missingStored, twiceStored);
        return missingAtPhone == 0 && twiceAtPhone == 0 && missingStored == 0 && twiceStored == 0;
    }

    private List<String> phoneReceived(String phone) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonNode messages = control("GET", "/phones/" + phone + "/messages", null);
        for (JsonNode message : messages.path("messages").isMissingNode() ? messages : messages.path("messages")) {
            ids.add(message.path("id").asText());
        }
        return ids;
    }

    /** The ids of the texts the device stored from its phone, every page. */
    private List<String> storedIncoming(Device device) throws Exception {
        List<String> ids = new ArrayList<>();
        String before = "";
        while (true) {
            JsonNode messages = call("GET", "/chats/" + device.phone() + "/messages?limit=500"
                    + (before.isEmpty() ? "" : "&before=" + before), "Authorization", "Bearer " + device.token(),
                    null).path("data").path("messages");
            for (JsonNode message : messages) {
                if (!message.path("is_from_me").asBoolean()) {
                    ids.add(message.path("message_id").asText());
                }
            }
            if (messages.size() < 500) {
                return ids;
            }
            before = messages.get(messages.size() - 1).path("message_id").asText();
        }
    }

    /**
     * Prints, per metric, the least-squares trend after the warm-up (see {@link Flatness}); true when heap after GC
     * and RSS grow by at most 10 % of their mean over the span and the threads', descriptors' and sockets' upper
     * envelopes by at most 8, 16 and 16.
     */
    private static boolean flat(String name, List<ProcessSampler.Minute> minutes, int warmup) {
        if (minutes.size() < warmup + 3) {
            System.out.printf("%s: too short to judge a trend after a %d-minute warm-up (3 minutes at least)%n", name,
                    warmup);
            return false;
        }
        List<ProcessSampler.Minute> warm = minutes.subList(warmup, minutes.size());
        Flatness heap = Flatness.of("heap", warm.stream().mapToDouble(ProcessSampler.Minute::heapAfterGc).toArray());
        Flatness rss = Flatness.of("RSS", warm.stream().mapToDouble(ProcessSampler.Minute::rss).toArray());
        Flatness threads = Flatness.of("threads", warm.stream().mapToDouble(ProcessSampler.Minute::threads).toArray());
        Flatness fds = Flatness.of("fds", warm.stream().mapToDouble(ProcessSampler.Minute::fds).toArray());
        Flatness sockets = Flatness.of("sockets", warm.stream().mapToDouble(ProcessSampler.Minute::sockets).toArray());
        boolean heapFlat = heap.flatWithinPercent(10);
        boolean rssFlat = rss.flatWithinPercent(10);
        // a few threads or descriptors come and go with the connections being re-established at that moment
        boolean threadsFlat = threads.flatWithin(8);
        boolean fdsFlat = fds.flatWithin(16);
        boolean socketsFlat = sockets.flatWithin(16);
        System.out.printf("%s after minute %d (heap: each minute's lowest after GC; counts: each minute's highest):%n",
                name, warmup);
        System.out.println(heap.line("MiB", 1048576.0, heapFlat, "10 %"));
        System.out.println(rss.line("MiB", 1048576.0, rssFlat, "10 %"));
        System.out.println(threads.line("", 1, threadsFlat, "+8"));
        System.out.println(fds.line("", 1, fdsFlat, "+16"));
        System.out.println(sockets.line("", 1, socketsFlat, "+16"));
        return heapFlat && rssFlat && threadsFlat && fdsFlat && socketsFlat;
    }

    /** The gateway's platform threads by kind after the warm-up and at the end, where their numbers differ. */
    private static void threadKindsChanged(Map<String, Integer> before, Map<String, Integer> after) {
        System.out.println("gateway platform threads by kind, after the warm-up -> at the end (those that changed):");
        java.util.Set<String> kinds = new java.util.TreeSet<>(before.keySet());
        kinds.addAll(after.keySet());
        for (String kind : kinds) {
            int was = before.getOrDefault(kind, 0);
            int is = after.getOrDefault(kind, 0);
            if (was != is) {
                System.out.printf("  %5d -> %5d  %s%n", was, is, kind);
            }
        }
        System.out.printf("  total %d -> %d%n", before.values().stream().mapToInt(Integer::intValue).sum(),
                after.values().stream().mapToInt(Integer::intValue).sum());
    }

    private JsonNode call(String method, String path, String header, String value, String body) throws Exception {
        return bench.call(method, path, header, value, body);
    }

    private JsonNode control(String method, String path, String body) throws Exception {
        return bench.control(method, path, body);
    }
}
