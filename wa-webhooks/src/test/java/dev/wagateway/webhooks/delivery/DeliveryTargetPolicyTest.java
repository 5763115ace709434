package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static dev.wagateway.webhooks.delivery.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSRF policy at delivery time: private targets, plain HTTP, redirects to either, and a name that turns private
 * between the policy's check and the connection (DNS rebinding), over HTTPS and plain receivers on loopback.
 */
class DeliveryTargetPolicyTest extends DeliveryWorkersFixture {

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
            // The contract's timeouts and one attempt: nothing here may time out (a hop retried after a timeout would
            // be counted twice at the TLS receiver, and a timeout is not the refusal expected), however loaded the
            // machine.
            DeliverySettings settings = Fixtures.patientSettings(1);
            OkHttpClient http = WebhookSender.client(settings).newBuilder()
                    .sslSocketFactory(TestCertificate.get().clientContext().getSocketFactory(),
                            TestCertificate.get().trustManager())
                    .dns(host -> host.equals("hooks.example") ? List.of(InetAddress.getLoopbackAddress())
                            : Dns.SYSTEM.lookup(host)).build();
            start(new DeliveryWorkers(store.deliveries(), store.webhooks(),
                    new WebhookSender(http, new TargetPolicy(false, false, dns), clock), settings, clock,
                    RandomGenerator.getDefault()));

            List<Webhook> all = new ArrayList<>(privateTargets);
            all.addAll(List.of(plain, redirecting, downgrading));
            // beyond one whole attempt of each hop: a hop that hangs fails the test as a timeout, not as a late wait
            await(() -> all.stream().allMatch(w -> settled(w).isPresent()), "every delivery to settle",
                    settings.callTimeout().multipliedBy(3));
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
}
