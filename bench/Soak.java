import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * descriptors and sockets (/proc). At the end: every send the API confirmed reached its phone exactly once, every
 * text a phone sent was stored by its device exactly once, and the growth after the warm-up.
 *
 * <p>A JDK 21+ single-file program with the gateway jar on its class path (for Jackson):
 * {@code java -cp wa-app.jar bench/Soak.java key=value...}.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final Map<String, String> options;
    private final String gateway;
    private final String control;
    private final String jcmd;

    private Soak(Map<String, String> options) {
        this.options = options;
        this.gateway = options.get("gateway");
        this.control = options.get("control");
        this.jcmd = options.getOrDefault("jcmd", "jcmd");
    }

    /** One minute's figures of one process. */
    private record Sample(long heapAfterGc, long rss, int threads, int fds, int sockets) {

        String row() {
            return String.format("%7.1f %7.1f %7d %6d %7d", heapAfterGc / 1048576.0, rss / 1048576.0, threads, fds,
                    sockets);
        }
    }

    /** A paired device: its token and the phone it talks with. */
    private record Device(int index, String token, String phone) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        System.exit(new Soak(options).run() ? 0 : 1);
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

        List<Sample> gatewaySamples = new ArrayList<>();
        List<Sample> sandboxSamples = new ArrayList<>();
        System.out.printf("%6s | %-45s | %-45s | %9s %7s %7s %7s%n", "minute", "gateway: heap MiB, RSS MiB, threads, fds,"
                + " sockets", "sandbox: the same", "confirmed", "refused", "skipped", "drops");
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(Duration.ofMinutes(1));
            Sample g = sample(gatewayPid);
            Sample s = sample(sandboxPid);
            gatewaySamples.add(g);
            sandboxSamples.add(s);
            System.out.printf("%6d | %s | %s | %9d %7d %7d %7d%n", minute, g.row(), s.row(), total(confirmed),
                    refused.get(), skipped.get(), drops.get());
        }
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
        boolean flat = growth("gateway", gatewaySamples, warmup);
        growth("sandbox", sandboxSamples, warmup);
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
        String shop = String.valueOf(15560000000L + index);
        String customer = String.valueOf(15570000000L + index);
        control("POST", "/phones", "{\"phone\":\"" + shop + "\",\"name\":\"Shop " + index + "\"}");
        control("POST", "/phones", "{\"phone\":\"" + customer + "\",\"name\":\"Customer " + index + "\"}");
        JsonNode key = call("POST", "/admin/api-keys", "X-Admin-Secret", options.get("admin"),
                "{\"customer_name\":\"soak-" + index + "\",\"max_devices\":1,\"rate_limit_per_hour\":1000000000}");
        JsonNode device = call("POST", "/devices", "X-API-Key", key.path("data").path("api_key").asText(),
                "{\"device_name\":\"soak-" + index + "\"}");
        String token = device.path("data").path("token").asText();
        JsonNode login = call("POST", "/devices/me/login?output=json", "Authorization", "Bearer " + token, null);
        String qr = login.path("data").path("qr").asText();
        if (qr.isEmpty()) {
            throw new IllegalStateException("no QR in the login answer: " + login);
        }
        control("POST", "/phones/" + shop + "/link", JSON.writeValueAsString(Map.of("qr", qr)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode status = call("GET", "/devices/me/status", "Authorization", "Bearer " + token, null);
            if (status.path("data").path("connected").asBoolean()) {
                return new Device(index, token, customer);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("device " + index + " did not connect within 120 s");
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

    /** Prints the growth after the warm-up; true when heap after GC and RSS stay within 10 % and nothing grows. */
    private static boolean growth(String name, List<Sample> samples, int warmup) {
        if (samples.size() <= warmup + 1) {
            System.out.printf("%s: too short to judge the growth after a %d-minute warm-up%n", name, warmup);
            return false;
        }
        List<Sample> warm = samples.subList(warmup, samples.size());
        Sample first = warm.getFirst();
        Sample last = warm.getLast();
        long heapMax = warm.stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
        long heapMin = warm.stream().mapToLong(Sample::heapAfterGc).min().orElse(0);
        long rssMax = warm.stream().mapToLong(Sample::rss).max().orElse(0);
        long rssMin = warm.stream().mapToLong(Sample::rss).min().orElse(0);
        double heapSpread = heapMin == 0 ? 0 : 100.0 * (heapMax - heapMin) / heapMin;
        double rssSpread = rssMin == 0 ? 0 : 100.0 * (rssMax - rssMin) / rssMin;
        int threads = last.threads() - first.threads();
        int fds = last.fds() - first.fds();
        int sockets = last.sockets() - first.sockets();
        System.out.printf("%s after minute %d: heap after GC %.1f..%.1f MiB (spread %.1f %%), RSS %.1f..%.1f MiB "
                        + "(spread %.1f %%), threads %+d, fds %+d, sockets %+d%n", name, warmup,
                heapMin / 1048576.0, heapMax / 1048576.0, heapSpread, rssMin / 1048576.0, rssMax / 1048576.0,
                rssSpread, threads, fds, sockets);
        // a few threads or descriptors come and go with the connections being re-established at that moment
        return heapSpread <= 10 && rssSpread <= 10 && threads <= 8 && fds <= 16 && sockets <= 16;
    }

    /** The process's figures; heap after a full GC asked of it through jcmd. */
    private Sample sample(long pid) {
        if (pid <= 0) {
            return new Sample(0, 0, 0, 0, 0);
        }
        long heap = 0;
        try {
            jcmd(pid, "GC.run");
            // G1: "garbage-first heap   total reserved 65536K, committed 65536K, used 13064K [..." (JDK 25; older
            // JDKs print "total 65536K, used 13064K"); other collectors print a "used" on their heap line too
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K")
                    .matcher(jcmd(pid, "GC.heap_info"));
            if (used.find()) {
                heap = Long.parseLong(used.group(1)) * 1024;
            }
        } catch (IOException e) {
            System.out.println("jcmd " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long rss = 0;
        int threads = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            System.out.println("/proc/" + pid + ": " + e.getMessage());
        }
        int fds = 0;
        int sockets = 0;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            System.out.println("/proc/" + pid + "/fd: " + e.getMessage());
        }
        return new Sample(heap, rss, threads, fds, sockets);
    }

    private String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + out.strip());
        }
        return out;
    }

    private JsonNode call(String method, String path, String header, String value, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).header(header, value)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private JsonNode control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(control + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2 && answer.statusCode() != 409) {
            throw new IllegalStateException(method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body());
    }
}
