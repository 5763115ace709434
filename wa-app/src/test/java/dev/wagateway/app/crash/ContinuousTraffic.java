package dev.wagateway.app.crash;

import dev.wagateway.sandbox.SandboxControl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Texts both ways while gateway nodes come and go: sender threads post texts for every device through the nodes in
 * turn (a node that does not answer is skipped, a 503 is retried after its {@code Retry-After}), each attempt with a
 * text of its own, so an attempt whose answer was lost can never be mistaken for an accepted one; a writer has the
 * friend's phone text every device's phone in turn. It keeps what was accepted and sent, and every other answer.
 */
final class ContinuousTraffic implements AutoCloseable {

    private static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(2);

    private final GatewayApi api;
    private final SandboxControl control;
    private final String friend;
    private final List<String> tokens;
    private final List<String> phones;
    private final Supplier<List<String>> nodeUrls;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Queue<String> accepted = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Queue<String>> incoming = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong handOverRefusals = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param tokens   each device's token
     * @param phones   each device's phone, in the same order
     * @param nodeUrls the base URLs of the nodes now (asked at each attempt)
     */
    ContinuousTraffic(GatewayApi api, SandboxControl control, String friend, List<String> tokens, List<String> phones,
                      Supplier<List<String>> nodeUrls) {
        this.api = api;
        this.control = control;
        this.friend = friend;
        this.tokens = tokens;
        this.phones = phones;
        this.nodeUrls = nodeUrls;
        for (int i = 0; i < tokens.size(); i++) {
            incoming.put(i, new ConcurrentLinkedQueue<>());
        }
    }

    /** Starts {@code senders} sender threads and one phone writer pausing {@code writerPause} between texts. */
    ContinuousTraffic start(int senders, Duration writerPause) {
        for (int s = 0; s < senders; s++) {
            int first = s;
            threads.add(Thread.ofPlatform().name("traffic-send-" + s).start(() -> sendLoop(first, senders)));
        }
        threads.add(Thread.ofPlatform().name("traffic-phone").start(() -> writeLoop(writerPause)));
        return this;
    }

    private void sendLoop(int first, int stride) {
        long attempt = 0;
        int node = first;
        for (int device = first; running.get(); device = (device + stride) % tokens.size()) {
            boolean done = false;
            while (!done && running.get()) {
                List<String> urls = nodeUrls.get();
                String url = urls.get(Math.floorMod(node++, urls.size()));
                String text = "out-" + device + "-" + first + "-" + attempt++;
                GatewayApi.Answer answer = api.send(url, "POST", "/chats/" + friend + "/messages",
                        "{\"text\":\"" + text + "\"}", GatewayApi.bearer(tokens.get(device)),
                        Duration.ofSeconds(30));
                switch (answer.status()) {
                    case 200 -> {
                        accepted.add(text);
                        done = true;
                    }
                    case 0 -> unanswered.incrementAndGet(); // that node is down: the next one
                    case 503 -> {
                        handOverRefusals.incrementAndGet();
                        if (answer.retryAfter().isEmpty()) {
                            unexpected.add("503 without Retry-After: " + answer.body());
                        }
                        long seconds = answer.retryAfter().map(Long::parseLong).orElse(1L);
                        sleep(Duration.ofSeconds(Math.min(seconds, RETRY_AFTER_CAP.toSeconds())));
                    }
                    default -> {
                        if (answer.status() == 500
                                && answer.body().path("message").asText().contains("connection lost")) {
                            // cut in flight by a hand-over: not accepted, and it may have gone out (a new text next)
                            interrupted.incrementAndGet();
                        } else {
                            unexpected.add(answer.status() + " from " + url + ": " + answer.body());
                        }
                        sleep(Duration.ofMillis(200));
                    }
                }
            }
        }
    }

    private void writeLoop(Duration pause) {
        long sequence = 0;
        for (int device = 0; running.get(); device = (device + 1) % phones.size()) {
            String text = "in-" + device + "-" + sequence++;
            control.phoneSendText(friend, phones.get(device), text);
            incoming.get(device).add(text);
            sleep(pause);
        }
    }

    /** The texts the API accepted (answered 200). */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** The texts the friend's phone sent to device {@code index}. */
    List<String> incoming(int index) {
        return List.copyOf(incoming.get(index));
    }

    /** Answers other than 200, a 503 with {@code Retry-After}, a send cut in flight, or none. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    long handOverRefusals() {
        return handOverRefusals.get();
    }

    long unanswered() {
        return unanswered.get();
    }

    /** Sends whose connection was lost while in flight (500 "connection lost"): not accepted, maybe sent. */
    long interrupted() {
        return interrupted.get();
    }

    /** Stops sending and writing, and waits for the last attempts to end. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
