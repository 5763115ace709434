package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable delivery against a real PostgreSQL outbox and a real HTTP receiver on loopback: every retry class, a
 * receiver that is down for a while, workers that die holding claims, per-chat order, signatures checked by an
 * independent verifier, and the SSRF policy at delivery time and on redirects.
 */
class DeliveryWorkersTest {

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;
    private static PostgresGatewayStore store;

    private final Clock clock = Clock.systemUTC();
    private final List<DeliveryWorkers> started = new ArrayList<>();
    private Receiver receiver;
    private Device device;

    @BeforeAll
    static void startDatabase() throws Exception {
        String external = System.getenv("WA_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            database = PostgresDatabase.open(external, 8);
        } else {
            postgres = EmbeddedPostgres.builder().start();
            database = PostgresDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 8);
        }
        store = new PostgresGatewayStore(database);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer("hooks", "", ""), 5, 1000, clock.instant()));
        device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "hooks", 1, Optional.empty(),
                DeviceStatus.ACTIVE, clock.instant(), Optional.empty());
        store.devices().insertWithinLimit(device, 5);
    }

    @AfterEach
    void tearDown() {
        started.forEach(DeliveryWorkers::close);
        receiver.close();
    }

    @Test
    void eachAnswerIsSettledAsSpecified() {
        receiver.on("/flaky", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200));
        receiver.on("/slow", (exchange, nth) -> {
            sleep(1500);
            Receiver.status(exchange, 200);
        });
        receiver.on("/busy", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 429 : 200,
                nth == 1 ? Map.of("Retry-After", "1") : Map.of(), "slow down"));
        receiver.on("/gone", (exchange, nth) -> Receiver.status(exchange, 410));
        receiver.on("/bad", (exchange, nth) -> Receiver.status(exchange, 400, Map.of(), "no such hook"));
        Webhook flaky = webhook(receiver.url("/flaky"));
        Webhook slow = webhook(receiver.url("/slow"));
        Webhook busy = webhook(receiver.url("/busy"));
        Webhook gone = webhook(receiver.url("/gone"));
        Webhook bad = webhook(receiver.url("/bad"));
        Webhook refused = webhook("http://127.0.0.1:" + closedPort() + "/nobody");
        List<Webhook> all = List.of(flaky, slow, busy, gone, bad, refused);
        publish("message.received", "");
        workers(true, 3);

        await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle");
        assertThat(settled(flaky).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
        });
        assertThat(settled(slow).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
            assertThat(d.lastError().orElseThrow()).containsIgnoringCase("timeout");
        });
        assertThat(settled(busy).orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCESS);
        List<Receiver.Received> busyCalls = receiver.received("/busy");
        assertThat(busyCalls.get(1).atMillis() - busyCalls.get(0).atMillis()).isGreaterThanOrEqualTo(900);
        assertThat(settled(gone).orElseThrow().attemptCount()).isEqualTo(1);
        assertThat(store.webhooks().findById(gone.id()).orElseThrow().active()).isFalse();
        assertThat(settled(bad).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 400: no such hook");
        });
        assertThat(receiver.received("/bad")).hasSize(1);
        assertThat(settled(refused).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
        });
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventOnce() {
        long upAt = System.currentTimeMillis() + 1500;
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver.on("/later", (exchange, nth) -> {
            if (System.currentTimeMillis() < upAt) {
                Receiver.status(exchange, 503);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (!seen.add(id)) {
                duplicates.add(id); // a receiver deduplicates by webhook-id; the test counts what it would drop
            }
            Receiver.status(exchange, 204);
        });
        Webhook webhook = webhook(receiver.url("/later"));
        for (int i = 0; i < 40; i++) {
            publish("message.received", "chat-" + (i % 5));
        }
        workers(true, 20);
        await(() -> seen.size() == 40, "all 40 events");
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "every row settled");
        Set<String> expected = new HashSet<>();
        store.deliveries().recent(webhook.id(), 100).forEach(d -> expected.add(d.eventId().toString()));
        assertThat(seen).isEqualTo(expected);
        assertThat(duplicates).isEmpty();
    }

    @Test
    void claimsOfWorkersThatDiedComeBackAndNothingIsLost() {
        Webhook webhook = webhook(receiver.url("/after-crash"));
        for (int i = 0; i < 10; i++) {
            publish("message.received", "");
        }
        // a worker claimed them and died before attempting: the rows are leased, nobody will settle them
        Instant now = clock.instant();
        List<WebhookDelivery> orphaned = store.deliveries().claimDue(now, 100, now.plusSeconds(2)).stream()
                .filter(d -> d.webhookId() == webhook.id()).toList();
        assertThat(orphaned).hasSize(10);
        workers(true, 3);
        await(() -> receiver.received("/after-crash").size() >= 10, "the orphaned rows to be delivered");
        Set<String> ids = new HashSet<>();
        receiver.received("/after-crash").forEach(r -> ids.add(r.header("webhook-id")));
        Set<String> expected = new HashSet<>();
        orphaned.forEach(d -> expected.add(d.eventId().toString()));
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void aChatsEventsArriveInOrderEvenWhenTheFirstNeedsARetry() {
        receiver.on("/ordered", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200));
        webhook(receiver.url("/ordered"));
        publish("message.received", "chat-a");
        publish("message.edited", "chat-a");
        workers(true, 5);
        await(() -> receiver.received("/ordered").size() == 3, "three requests");
        List<String> types = receiver.received("/ordered").stream().map(r -> r.header("X-Webhook-Event")).toList();
        assertThat(types).containsExactly("message.received", "message.received", "message.edited");
    }

    @Test
    void signaturesVerifyWithAnIndependentImplementationOfBothSchemes() throws Exception {
        Webhook webhook = webhook(receiver.url("/signed"));
        publish("message.received", "");
        workers(true, 3);
        await(() -> receiver.received("/signed").size() == 1, "the delivery");
        Receiver.Received request = receiver.received("/signed").getFirst();
        byte[] key = webhook.secret().getBytes(StandardCharsets.US_ASCII);

        // Standard Webhooks: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), versioned "v1,"
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key,
                (id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(request.header("webhook-signature").split(" "))).anySatisfy(signature ->
                assertThat(MessageDigest.isEqual(signature.getBytes(), expected.getBytes())).isTrue());
        // the original's header: "sha256=" + hex(HMAC-SHA256(key, raw body))
        String hex = "sha256=" + HexFormat.of().formatHex(hmac(key, request.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Webhook-Signature")).isEqualTo(hex);
        assertThat(request.header("X-Hub-Signature-256")).isEqualTo(hex);
        assertThat(request.header("User-Agent")).isEqualTo("WhatsApp-API-MultiSession/1.0");
        assertThat(request.body()).contains("\"event_type\":\"message.received\"");
    }

    @Test
    void privateTargetsAndRedirectsToThemAreRefusedWhenTheSwitchIsOff() {
        receiver.on("/hop", (exchange, nth) -> Receiver.status(exchange, 302,
                Map.of("Location", "http://169.254.169.254/latest/meta-data"), ""));
        List<Webhook> privateTargets = List.of(webhook("http://127.0.0.1:" + closedPort() + "/x"),
                webhook("http://10.0.0.1/x"), webhook("http://169.254.169.254/latest"),
                webhook("http://localhost:" + closedPort() + "/x"));
        // "hooks.example" is public as far as the policy knows; OkHttp reaches it on loopback (our receiver)
        Webhook redirecting = webhook("http://hooks.example:" + receiver.url("/hop").split(":")[2]);
        publish("message.received", "");
        HostResolver dns = host -> switch (host) {
            case "hooks.example" -> List.of(InetAddress.getByAddress(host, new byte[]{93, (byte) 184, (byte) 216, 34}));
            default -> HostResolver.system().resolve(host);
        };
        OkHttpClient http = WebhookSender.client(settings(3)).newBuilder()
                .dns(host -> host.equals("hooks.example") ? List.of(InetAddress.getLoopbackAddress())
                        : Dns.SYSTEM.lookup(host)).build();
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(),
                new WebhookSender(http, new TargetPolicy(false, dns), clock), settings(3), clock,
                RandomGenerator.getDefault()));

        List<Webhook> all = new ArrayList<>(privateTargets);
        all.add(redirecting);
        await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle");
        for (Webhook webhook : privateTargets) {
            assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.lastError().orElseThrow()).contains("not allowed");
            });
        }
        assertThat(receiver.received("/hop")).hasSize(1); // the first hop was called, the private second was not
        assertThat(settled(redirecting).orElseThrow().lastError().orElseThrow()).contains("169.254.169.254");
    }

    private Webhook webhook(String url) {
        return store.webhooks().insertWithinLimit(device.id(), url, UUID.randomUUID().toString().replace("-", ""),
                List.of(), clock.instant(), 100).orElseThrow();
    }

    private void publish(String type, String orderingKey) {
        new WebhookOutbox(true, DeliveryWakeup.NONE).publish(store.unitOfWork(),
                new GatewayEvent(type, device.id(), clock.instant(), Map.of("message_id", UUID.randomUUID().toString()),
                        orderingKey));
    }

    private Optional<WebhookDelivery> settled(Webhook webhook) {
        return store.deliveries().recent(webhook.id(), 1).stream().filter(d -> d.status() != DeliveryStatus.PENDING)
                .findFirst();
    }

    private static DeliverySettings settings(int retryLimit) {
        return new DeliverySettings(2, retryLimit, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(500));
    }

    private void workers(boolean allowPrivate, int retryLimit) {
        DeliverySettings settings = settings(retryLimit);
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(
                WebhookSender.client(settings), new TargetPolicy(allowPrivate, HostResolver.system()), clock),
                settings, clock, RandomGenerator.getDefault()));
    }

    private void start(DeliveryWorkers workers) {
        started.add(workers);
        workers.start();
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }
}
