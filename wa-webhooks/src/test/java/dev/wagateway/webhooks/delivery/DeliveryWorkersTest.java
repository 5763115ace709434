package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookOutbox;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static dev.wagateway.webhooks.delivery.Fixtures.settings;
import static dev.wagateway.webhooks.delivery.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable delivery against a real PostgreSQL outbox and a real HTTP receiver on loopback: every retry class, a
 * receiver that is down for a while, workers that die holding claims, per-chat order, signatures checked by an
 * independent verifier, and the SSRF policy at delivery time, on redirects and at connection time.
 */
class DeliveryWorkersTest {

    private static final String RECEIVED = EventTypes.MESSAGE_RECEIVED;

    private final PostgresGatewayStore store = TestDatabase.store();
    private final Clock clock = Clock.systemUTC();
    private final List<DeliveryWorkers> started = new ArrayList<>();
    private final List<Device> otherDevices = new ArrayList<>();
    private Receiver receiver;
    private Device device;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        device = Fixtures.device(store);
    }

    @AfterEach
    void tearDown() {
        started.forEach(DeliveryWorkers::close);
        receiver.close();
        // Claims are global: a row this test left pending (say it failed early) must not be delivered by the next
        // test's workers, which may allow private targets.
        Fixtures.settleLeftovers(store, device);
        otherDevices.forEach(other -> Fixtures.settleLeftovers(store, other));
    }

    @Test
    void eachAnswerIsSettledAsSpecified() {
        receiver.on("/flaky", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200, Map.of(),
                nth == 1 ? "database down" : ""));
        receiver.on("/slow", (exchange, nth) -> {
            sleep(1500);
            Receiver.status(exchange, 200);
        });
        receiver.on("/busy", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 429 : 200,
                nth == 1 ? Map.of("Retry-After", "1") : Map.of(), "slow down"));
        receiver.on("/gone", (exchange, nth) -> Receiver.status(exchange, 410));
        receiver.on("/request-timeout", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 408 : 200, Map.of(),
                nth == 1 ? "request timeout" : ""));
        receiver.on("/bad", (exchange, nth) -> Receiver.status(exchange, 400, Map.of(), "no such hook"));
        receiver.on("/chatty", (exchange, nth) -> Receiver.status(exchange, 422, Map.of(), "x".repeat(5000)));
        Webhook flaky = webhook(receiver.url("/flaky"));
        Webhook slow = webhook(receiver.url("/slow"));
        Webhook busy = webhook(receiver.url("/busy"));
        Webhook gone = webhook(receiver.url("/gone"));
        Webhook bad = webhook(receiver.url("/bad"));
        Webhook chatty = webhook(receiver.url("/chatty"));
        Webhook refused = webhook("http://127.0.0.1:" + closedPort() + "/nobody");
        Webhook requestTimeout = webhook(receiver.url("/request-timeout"));
        List<Webhook> all = List.of(flaky, slow, busy, gone, bad, chatty, refused, requestTimeout);
        publish(RECEIVED, "");
        workers(3);

        await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle");
        // 5xx then 2xx: delivered on the second attempt
        assertThat(settled(flaky).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
            assertThat(d.lastError()).isEmpty();
        });
        // timeouts: retried until the limit, then failed
        assertThat(settled(slow).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
            assertThat(d.lastError().orElseThrow()).containsIgnoringCase("timeout");
        });
        // 429 with Retry-After: 1 s: the second attempt waits at least that long (the backoff alone is 50 ms)
        assertThat(settled(busy).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
        });
        List<Receiver.Received> busyCalls = receiver.received("/busy");
        assertThat(busyCalls.get(1).atMillis() - busyCalls.get(0).atMillis()).isGreaterThanOrEqualTo(900);
        // 408 is retried like a 5xx, although it is a 4xx
        assertThat(settled(requestTimeout).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCESS);
            assertThat(d.attemptCount()).isEqualTo(2);
        });
        assertThat(receiver.received("/request-timeout")).hasSize(2);
        // 410: failed at once, and the webhook is switched off
        assertThat(settled(gone).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 410: ");
        });
        assertThat(store.webhooks().findById(gone.id()).orElseThrow().active()).isFalse();
        assertThat(receiver.received("/gone")).hasSize(1);
        // another 4xx: failed at once, the answer's start in last_error
        assertThat(settled(bad).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 400: no such hook");
        });
        assertThat(receiver.received("/bad")).hasSize(1);
        assertThat(settled(chatty).orElseThrow().lastError().orElseThrow())
                .isEqualTo("HTTP 422: " + "x".repeat(1024));
        // connection refused: retried until the limit, then failed
        assertThat(settled(refused).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(3);
            assertThat(d.lastError().orElseThrow()).contains("ConnectException");
        });
    }

    @Test
    void aReceiverThatHangsHoldsOnlyItsOwnSlotsWhileOthersAreDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        receiver.on("/hung", (exchange, nth) -> {
            mostAtOnce.accumulateAndGet(hanging.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hanging.decrementAndGet();
            Receiver.status(exchange, 200);
        });
        Webhook hung = webhook(receiver.url("/hung"));
        for (int i = 0; i < 40; i++) {
            publish(RECEIVED, "hung-chat-" + i); // 40 chats: nothing orders them, all are due at once
        }
        Device other = Fixtures.device(store);
        otherDevices.add(other);
        Webhook fast = Fixtures.webhook(store, other, receiver.url("/fast"));
        for (int i = 0; i < 20; i++) {
            Fixtures.publish(store, other, RECEIVED, "fast-chat-" + i); // younger than every row of the hung one
        }
        // 16 slots, 4 per webhook; attempts may take 30 s, so the hung receiver keeps what it holds all along
        DeliverySettings settings = new DeliverySettings(2, 4, 1, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(90), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30),
                WebhookProxies.none());
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));

        await(() -> store.deliveries().recent(fast.id(), 100).stream()
                .filter(d -> d.status() == DeliveryStatus.SUCCESS).count() == 20, "every event of the fast receiver");
        assertThat(release.getCount()).as("the hung receiver has not been released yet").isEqualTo(1);
        assertThat(receiver.received("/fast")).hasSize(20);
        assertThat(receiver.received("/hung")).hasSize(4);
        assertThat(mostAtOnce.get()).isEqualTo(4);

        release.countDown();
        await(() -> store.deliveries().recent(hung.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "the hung receiver's events, once released");
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void oneAttemptEndsWithinItsTimeoutHoweverManyRedirectsItFollows() {
        // every hop answers a redirect after 200 ms; the attempt has 500 ms in all, not 500 ms per hop
        receiver.on("/hop", (exchange, nth) -> {
            sleep(200);
            Receiver.status(exchange, 307, Map.of("Location", "/hop"), "");
        });
        Webhook webhook = webhook(receiver.url("/hop"));
        publish(RECEIVED, "");
        workers(1);
        await(() -> settled(webhook).isPresent(), "the delivery to settle");
        assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isEqualTo(1);
            assertThat(d.lastError().orElseThrow()).containsIgnoringCase("timeout");
        });
        // with a timeout per hop, all 11 hops would have been made and the attempt refused for too many redirects
        assertThat(receiver.received("/hop")).hasSizeBetween(2, 3);
    }

    @Test
    void whatASettlementMakesClaimableIsClaimedAtOnceNotAtTheNextPoll() {
        Webhook webhook = webhook(receiver.url("/one-at-a-time"));
        for (int i = 0; i < 3; i++) {
            publish(RECEIVED, "own-chat-" + i); // claimable, but one at a time: the webhook's cap is 1
        }
        for (int i = 0; i < 3; i++) {
            publish(RECEIVED, "shared-chat"); // each released by the settlement of the one before
        }
        // one loop, one attempt per webhook, and a poll that would come only after the test gave up
        DeliverySettings settings = new DeliverySettings(1, 1, 3, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofMillis(500),
                WebhookProxies.none());
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));
        await(() -> store.deliveries().recent(webhook.id(), 10).stream()
                .filter(d -> d.status() == DeliveryStatus.SUCCESS).count() == 6, "all six deliveries");
        assertThat(receiver.received("/one-at-a-time")).hasSize(6);
    }

    @Test
    void aFailedDeliveryStaysInTheLogAndCanBeRedelivered() {
        AtomicBoolean up = new AtomicBoolean(false);
        receiver.on("/later", (exchange, nth) -> Receiver.status(exchange, up.get() ? 200 : 503));
        Webhook webhook = webhook(receiver.url("/later"));
        publish(RECEIVED, "");
        workers(2);
        await(() -> settled(webhook).isPresent(), "the delivery to fail");
        WebhookDelivery failed = settled(webhook).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastError()).contains("HTTP 503: ");

        up.set(true);
        assertThat(store.deliveries().redeliver(webhook.id(), failed.id(), clock.instant())).isTrue();
        await(() -> settled(webhook).filter(d -> d.status() == DeliveryStatus.SUCCESS).isPresent(), "redelivery");
        assertThat(settled(webhook).orElseThrow().attemptCount()).isEqualTo(1);
        assertThat(receiver.received("/later").stream().map(r -> r.header("webhook-id")).distinct().toList())
                .containsExactly(failed.eventId().toString());
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventExactlyOnce() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        receiver.on("/later", (exchange, nth) -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (!seen.add(id)) {
                duplicates.add(id); // a receiver deduplicates by webhook-id; the test counts what it would drop
            }
            Receiver.status(exchange, 204);
        });
        Webhook webhook = webhook(receiver.url("/later"));
        receiver.stop(); // nothing listens on the port: connections are refused
        for (int i = 0; i < 40; i++) {
            publish(RECEIVED, "chat-" + (i % 5));
        }
        workers(20);
        // every chat's first event has failed to connect at least once: the receiver really was unreachable
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .filter(d -> d.lastError().orElse("").contains("ConnectException")).count() >= 5,
                "the heads of all five chats to fail to connect");
        assertThat(seen).isEmpty();

        receiver.start(); // the same port again
        await(() -> seen.size() == 40, "all 40 events");
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "every row settled");
        Set<String> expected = new HashSet<>();
        store.deliveries().recent(webhook.id(), 100).forEach(d -> expected.add(d.eventId().toString()));
        assertThat(expected).hasSize(40);
        assertThat(seen).isEqualTo(expected);
        assertThat(duplicates).isEmpty();
        assertThat(store.deliveries().recent(webhook.id(), 100)).filteredOn(d -> d.attemptCount() > 1)
                .hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void claimsOfWorkersThatDiedBeforeAttemptingComeBackAndNothingIsLost() {
        Webhook webhook = webhook(receiver.url("/after-crash"));
        for (int i = 0; i < 10; i++) {
            publish(RECEIVED, "");
        }
        // a worker claimed them and died before attempting: the rows are leased, nobody will settle them
        Instant now = clock.instant();
        List<WebhookDelivery> orphaned = store.deliveries().claimDue(now, 100, 100, now.plusSeconds(2)).stream()
                .filter(d -> d.webhookId() == webhook.id()).toList();
        assertThat(orphaned).hasSize(10);
        workers(3);
        await(() -> receiver.received("/after-crash").size() >= 10, "the orphaned rows to be delivered");
        Set<String> ids = new HashSet<>();
        receiver.received("/after-crash").forEach(r -> ids.add(r.header("webhook-id")));
        Set<String> expected = new HashSet<>();
        orphaned.forEach(d -> expected.add(d.eventId().toString()));
        assertThat(ids).isEqualTo(expected);
        // not before their lease ended
        assertThat(receiver.received("/after-crash")).allSatisfy(r ->
                assertThat(r.atMillis()).isGreaterThanOrEqualTo(now.plusSeconds(2).toEpochMilli()));
    }

    @Test
    void rowsLeasedByWorkersKilledMidFlightComeBackAfterTheLeaseAndAreDeliveredOncePerWebhookId() {
        AtomicBoolean stalling = new AtomicBoolean(true);
        receiver.on("/mid-flight", (exchange, nth) -> {
            if (stalling.get()) {
                sleep(300); // attempts are on the wire when the process dies
            }
            Receiver.status(exchange, 200);
        });
        Webhook webhook = webhook(receiver.url("/mid-flight"));
        for (int i = 0; i < 12; i++) {
            publish(RECEIVED, "");
        }
        // "another gateway process" with its own connection pool; closing the pool is its death: the claims it took
        // stay in the database, and whatever its attempts come to can no longer be written
        PostgresDatabase doomedDatabase = TestDatabase.anotherProcess();
        PostgresGatewayStore doomedStore = new PostgresGatewayStore(doomedDatabase);
        DeliverySettings settings = settings(3);
        DeliveryWorkers doomed = new DeliveryWorkers(doomedStore.deliveries(), doomedStore.webhooks(),
                new WebhookSender(settings, Fixtures.loopbackPolicy(), clock), settings, clock,
                RandomGenerator.getDefault());
        doomed.start();
        await(() -> receiver.received("/mid-flight").size() >= 4, "attempts in flight");
        doomedDatabase.close();
        doomed.close();
        long killedAt = System.currentTimeMillis();
        // what the dead process held: claimed, never settled, each with the end of its lease
        Map<String, Long> leased = Fixtures.leases(webhook);
        assertThat(leased).as("rows the dead process held when it died").isNotEmpty();

        stalling.set(false);
        workers(3);
        await(() -> store.deliveries().recent(webhook.id(), 100).stream()
                .allMatch(d -> d.status() == DeliveryStatus.SUCCESS), "every row delivered by the new workers");
        List<Receiver.Received> arrivals = receiver.received("/mid-flight");
        Set<String> expected = store.deliveries().recent(webhook.id(), 100).stream()
                .map(d -> d.eventId().toString()).collect(Collectors.toSet());
        assertThat(expected).hasSize(12).containsAll(leased.keySet());
        // deduplicated by webhook-id, the receiver got every event exactly once: nothing lost, nothing extra
        assertThat(arrivals.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()))
                .isEqualTo(expected);
        Map<String, Long> requestsPerId = arrivals.stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        leased.forEach((id, leaseEnd) -> {
            // the new workers left each held row alone until its lease ended, then delivered it once
            List<Receiver.Received> afterDeath = arrivals.stream()
                    .filter(r -> r.header("webhook-id").equals(id) && r.atMillis() > killedAt).toList();
            assertThat(afterDeath).as(id).hasSize(1);
            assertThat(afterDeath.getFirst().atMillis()).as(id).isGreaterThanOrEqualTo(leaseEnd);
            assertThat(requestsPerId.get(id)).as(id).isBetween(1L, 2L);
        });
        // rows the dead process had not claimed went once
        requestsPerId.forEach((id, count) -> {
            if (!leased.containsKey(id)) {
                assertThat(count).as(id).isEqualTo(1);
            }
        });
    }

    @Test
    void aChatsEventsArriveInOrderEvenWhenTheFirstNeedsARetry() {
        receiver.on("/ordered", (exchange, nth) -> Receiver.status(exchange, nth == 1 ? 500 : 200));
        webhook(receiver.url("/ordered"));
        publish(RECEIVED, "chat-a");
        publish("message.edited", "chat-a");
        workers(5);
        await(() -> receiver.received("/ordered").size() == 3, "three requests");
        List<String> types = receiver.received("/ordered").stream().map(r -> r.header("X-Webhook-Event")).toList();
        assertThat(types).containsExactly(RECEIVED, RECEIVED, "message.edited");
    }

    @Test
    void anInactiveWebhookGetsNothingButItsTestPing() {
        Webhook webhook = webhook(receiver.url("/off"));
        publish(RECEIVED, "");
        store.webhooks().setActive(webhook.id(), false, clock.instant());
        workers(3);
        await(() -> settled(webhook).isPresent(), "the delivery to settle");
        assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.attemptCount()).isZero();
            assertThat(d.lastError()).contains("webhook is inactive");
        });
        assertThat(receiver.received("/off")).isEmpty();

        new WebhookOutbox(true, DeliveryWakeup.NONE).recordTo(store.unitOfWork(),
                store.webhooks().findById(webhook.id()).orElseThrow(), new GatewayEvent(EventTypes.TEST_PING,
                        device.id(), clock.instant(), Map.of("message", "test webhook delivery"), ""));
        await(() -> receiver.received("/off").size() == 1, "the test ping");
        assertThat(receiver.received("/off").getFirst().header("X-Webhook-Event")).isEqualTo(EventTypes.TEST_PING);
    }

    @Test
    void signaturesVerifyWithAnIndependentImplementationOfBothSchemes() throws Exception {
        Webhook webhook = webhook(receiver.url("/signed"));
        publish(RECEIVED, "");
        workers(3);
        await(() -> receiver.received("/signed").size() == 1, "the delivery");
        Receiver.Received request = receiver.received("/signed").getFirst();
        WebhookDelivery delivery = store.deliveries().recent(webhook.id(), 1).getFirst();
        // The gateway signs with the secret's ASCII bytes; a Standard Webhooks library is given "whsec_" +
        // base64(those bytes), and base64-decodes the part after "whsec_": the same key.
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(webhook.secret().getBytes(StandardCharsets.US_ASCII));
        byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));

        // Standard Webhooks: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), versioned "v1,"
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).isEqualTo(delivery.eventId().toString());
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key,
                (id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(request.header("webhook-signature").split(" "))).anySatisfy(signature ->
                assertThat(MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                        expected.getBytes(StandardCharsets.US_ASCII))).isTrue());
        // the original's header: "sha256=" + lowercase hex(HMAC-SHA256(key, raw body))
        String hex = "sha256=" + HexFormat.of().formatHex(hmac(key, request.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Webhook-Signature")).isEqualTo(hex);
        assertThat(request.header("X-Hub-Signature-256")).isEqualTo(hex);
        assertThat(request.header("X-Webhook-Event")).isEqualTo(RECEIVED);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("WhatsApp-API-MultiSession/1.0");
        assertThat(request.body()).isEqualTo(delivery.payload()).contains("\"event_type\":\"message.received\"");
    }

    @Test
    void privateTargetsPlainHttpAndRedirectsToEitherAreRefusedWithBothSwitchesOff() throws Exception {
        try (Receiver tls = Receiver.https()) {
            tls.on("/hop", (exchange, nth) -> Receiver.status(exchange, 302,
                    Map.of("Location", "https://169.254.169.254/latest/meta-data"), ""));
            tls.on("/downgrade", (exchange, nth) -> Receiver.status(exchange, 302,
                    Map.of("Location", "http://hooks.example:" + receiver.port() + "/plain"), ""));
            List<Webhook> privateTargets = List.of(webhook("https://127.0.0.1:" + closedPort() + "/x"),
                    webhook("https://10.0.0.1/x"), webhook("https://169.254.169.254/latest"),
                    webhook("https://localhost:" + closedPort() + "/x"));
            Webhook plain = webhook("http://hooks.example:" + receiver.port() + "/plain");
            // "hooks.example" is public as far as the policy knows; OkHttp reaches it on loopback (our receivers)
            Webhook redirecting = webhook("https://hooks.example:" + tls.port() + "/hop");
            Webhook downgrading = webhook("https://hooks.example:" + tls.port() + "/downgrade");
            publish(RECEIVED, "");
            HostResolver dns = host -> switch (host) {
                case "hooks.example" -> List.of(InetAddress.getByAddress(host,
                        new byte[]{93, (byte) 184, (byte) 216, 34}));
                default -> HostResolver.system().resolve(host);
            };
            OkHttpClient http = WebhookSender.client(settings(3)).newBuilder()
                    .sslSocketFactory(TestCertificate.get().clientContext().getSocketFactory(),
                            TestCertificate.get().trustManager())
                    .dns(host -> host.equals("hooks.example") ? List.of(InetAddress.getLoopbackAddress())
                            : Dns.SYSTEM.lookup(host)).build();
            start(new DeliveryWorkers(store.deliveries(), store.webhooks(),
                    new WebhookSender(http, new TargetPolicy(false, false, dns), clock), settings(3), clock,
                    RandomGenerator.getDefault()));

            List<Webhook> all = new ArrayList<>(privateTargets);
            all.addAll(List.of(plain, redirecting, downgrading));
            await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle");
            // refused before anything was sent: failed for good, no attempt counted (api.md §7.4)
            for (Webhook webhook : privateTargets) {
                assertThat(settled(webhook).orElseThrow()).as(webhook.url()).satisfies(d -> {
                    assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(d.attemptCount()).isZero();
                    assertThat(d.lastError()).contains(TargetPolicy.NO_PRIVATE_TARGETS);
                });
            }
            assertThat(settled(plain).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.attemptCount()).isZero();
                assertThat(d.lastError()).contains(TargetPolicy.HTTPS_ONLY);
            });
            assertThat(receiver.received("/plain")).isEmpty();
            // the first hops were called over TLS, the refused second hops were not
            assertThat(tls.received("/hop")).hasSize(1);
            assertThat(settled(redirecting).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.attemptCount()).isEqualTo(1);
                assertThat(d.lastError().orElseThrow()).startsWith(TargetPolicy.NO_PRIVATE_TARGETS)
                        .contains("169.254.169.254");
            });
            assertThat(tls.received("/downgrade")).hasSize(1);
            assertThat(settled(downgrading).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.attemptCount()).isEqualTo(1);
                assertThat(d.lastError().orElseThrow()).startsWith(TargetPolicy.HTTPS_ONLY);
            });
        }
    }

    @Test
    void aNameThatTurnsPrivateBetweenCheckAndConnectionIsNotCalled() {
        // DNS rebinding: the first answer (the policy's check) is public, every later one (OkHttp's connection, and
        // OkHttp's own retry of it) loopback; no test ever connects to the public address.
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> host.equals("rebind.example")
                ? List.of(InetAddress.getByAddress(host, lookups.getAndIncrement() == 0
                        ? new byte[]{93, (byte) 184, (byte) 216, 34} : new byte[]{127, 0, 0, 1}))
                : HostResolver.system().resolve(host);
        TargetPolicy policy = new TargetPolicy(false, false, rebinding);
        DeliverySettings settings = settings(3);
        // both ways of building the sender: from the settings, and around a plain client
        for (WebhookSender sender : List.of(new WebhookSender(settings, policy, clock),
                new WebhookSender(WebhookSender.client(settings), policy, clock))) {
            lookups.set(0);
            Webhook webhook = webhook("https://rebind.example:" + receiver.port() + "/rebound");
            publish(RECEIVED, "");
            try (DeliveryWorkers workers = new DeliveryWorkers(store.deliveries(), store.webhooks(), sender, settings,
                    clock, RandomGenerator.getDefault())) {
                workers.start();
                await(() -> settled(webhook).isPresent(), "the delivery to settle");
            }
            assertThat(settled(webhook).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.attemptCount()).isZero(); // refused when connecting: nothing was sent
                assertThat(d.lastError()).contains(TargetPolicy.NO_PRIVATE_TARGETS);
            });
            assertThat(lookups.get()).isGreaterThanOrEqualTo(2);
        }
        assertThat(receiver.received("/rebound")).isEmpty();
    }

    private Webhook webhook(String url) {
        return Fixtures.webhook(store, device, url);
    }

    private void publish(String type, String orderingKey) {
        Fixtures.publish(store, device, type, orderingKey);
    }

    private Optional<WebhookDelivery> settled(Webhook webhook) {
        return Fixtures.settled(store, webhook);
    }

    /** Workers as production builds them (policy-resolving client), with the test's fast settings and policy. */
    private void workers(int retryLimit) {
        DeliverySettings settings = settings(retryLimit);
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));
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
}
