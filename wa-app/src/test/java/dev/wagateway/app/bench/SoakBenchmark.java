package dev.wagateway.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.app.api.ProcessSample;
import dev.wagateway.app.api.TestGateway;
import dev.wagateway.sandbox.ReceivedMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak, long form (issue 22; docs/benchmarks.md, "Soak"): a gateway in sandbox mode with {@code devices} paired
 * devices, each sending one text a second to a phone and receiving one a second from it, for {@code minutes}, with a
 * dropped connection (one device after another) every {@code dropSeconds}. Every minute it prints heap after GC,
 * RSS, threads, file descriptors and sockets of this JVM (gateway, sandbox and load in one process, as in the
 * tests); at the end it checks that every confirmed send reached the phone exactly once and every phone message was
 * stored by its device exactly once, and prints the growth after the first minute (the warm-up).
 *
 * <p>Arguments: {@code devices minutes dropSeconds} (defaults 10 5 60). Not a test: it runs for minutes.
 */
public final class SoakBenchmark {

    private static final String CUSTOMER = "15557099999";

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int dropSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        List<String> shops = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            shops.add("1555702%04d".formatted(i));
        }
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false", "LOG_LEVEL", "warn"))) {
            gateway.phone(CUSTOMER);
            List<String> tokens = new ArrayList<>();
            for (String shop : shops) {
                tokens.add(gateway.pairedDevice(shop));
            }
            System.out.printf("soak: %d devices, 1 message/s each way per device, %d min, a dropped connection every"
                    + " %d s%n", devices, minutes, dropSeconds);
            Set<String> confirmed = ConcurrentHashMap.newKeySet();
            Map<Integer, AtomicLong> phoneSent = new ConcurrentHashMap<>();
            AtomicLong refused = new AtomicLong();
            AtomicLong second = new AtomicLong();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            clock.scheduleAtFixedRate(() -> {
                long tick = second.getAndIncrement();
                for (int i = 0; i < tokens.size(); i++) {
                    int device = i;
                    Thread.ofVirtual().start(() -> {
                        TestGateway.Answer sent = gateway.device(tokens.get(device), "POST",
                                "/chats/" + CUSTOMER + "/messages", "{\"text\":\"s" + tick + "-d" + device + "\"}");
                        if (sent.status() == 200) {
                            confirmed.add(sent.json().path("data").path("message_id").asText());
                        } else {
                            refused.incrementAndGet(); // not connected at that moment: the caller was told
                        }
                        gateway.sandbox().phoneSendText(CUSTOMER, shops.get(device), "in-" + tick + "-" + device);
                        phoneSent.computeIfAbsent(device, d -> new AtomicLong()).incrementAndGet();
                    });
                }
                if (tick > 0 && tick % dropSeconds == 0) {
                    String shop = shops.get((int) (tick / dropSeconds) % shops.size());
                    gateway.sandbox().dropConnection(gateway.sandbox().devices(shop).getFirst().jid());
                }
            }, 0, 1, TimeUnit.SECONDS);

            List<ProcessSample> samples = new ArrayList<>();
            System.out.printf("%6s %s %10s %8s%n", "minute", ProcessSample.header(), "confirmed", "refused");
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(Duration.ofMinutes(1));
                ProcessSample sample = ProcessSample.take();
                samples.add(sample);
                System.out.printf("%6d %s %10d %8d%n", minute, sample.row(), confirmed.size(), refused.get());
            }
            clock.shutdown();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            Thread.sleep(Duration.ofSeconds(5)); // the last sends of the last second

            settle(() -> phoneIds(gateway).containsAll(confirmed), Duration.ofMinutes(2));
            List<String> atPhone = gateway.sandbox().phoneMessages(CUSTOMER).stream().map(ReceivedMessage::id)
                    .toList();
            long phoneDuplicates = atPhone.size() - new HashSet<>(atPhone).size();
            long missingAtPhone = confirmed.stream().filter(id -> !new HashSet<>(atPhone).contains(id)).count();
            long storedOnce = 0;
            long storedDuplicates = 0;
            long expectedIncoming = 0;
            for (int i = 0; i < tokens.size(); i++) {
                int device = i;
                long expected = phoneSent.getOrDefault(device, new AtomicLong()).get();
                expectedIncoming += expected;
                String token = tokens.get(i);
                settle(() -> incoming(gateway, token).size() >= expected, Duration.ofMinutes(1));
                List<String> ids = incoming(gateway, token);
                storedOnce += new HashSet<>(ids).size();
                storedDuplicates += ids.size() - new HashSet<>(ids).size();
            }
            System.out.printf("sends confirmed %d, refused while disconnected %d; at the phone: %d missing, %d twice%n",
                    confirmed.size(), refused.get(), missingAtPhone, phoneDuplicates);
            System.out.printf("phone messages sent %d, stored by the devices %d, stored twice %d%n", expectedIncoming,
                    storedOnce, storedDuplicates);
            if (samples.size() > 1) {
                ProcessSample warm = samples.getFirst();
                ProcessSample last = samples.getLast();
                long maxHeap = samples.stream().skip(1).mapToLong(ProcessSample::heapAfterGcBytes).max().orElse(0);
                long minHeap = samples.stream().skip(1).mapToLong(ProcessSample::heapAfterGcBytes).min().orElse(0);
                System.out.printf("after the first minute: heap after GC %.1f..%.1f MiB (spread %.0f %%), "
                                + "RSS %+.1f MiB, threads %+d, fds %+d, sockets %+d%n", minHeap / 1048576.0, maxHeap / 1048576.0,
                        minHeap == 0 ? 0 : 100.0 * (maxHeap - minHeap) / minHeap,
                        (last.rssBytes() - warm.rssBytes()) / 1048576.0, last.threads() - warm.threads(),
                        last.fds() - warm.fds(), last.sockets() - warm.sockets());
            }
        }
        System.exit(0);
    }

    private static void settle(java.util.function.BooleanSupplier done, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static Set<String> phoneIds(TestGateway gateway) {
        Set<String> ids = new HashSet<>();
        gateway.sandbox().phoneMessages(CUSTOMER).forEach(message -> ids.add(message.id()));
        return ids;
    }

    /** The ids of the messages the device stored from the phone, every page. */
    private static List<String> incoming(TestGateway gateway, String token) {
        List<String> ids = new ArrayList<>();
        String before = "";
        while (true) {
            JsonNode messages = gateway.device(token, "GET", "/chats/" + CUSTOMER + "/messages?limit=500"
                    + (before.isEmpty() ? "" : "&before=" + before), null).json().path("data").path("messages");
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
}
