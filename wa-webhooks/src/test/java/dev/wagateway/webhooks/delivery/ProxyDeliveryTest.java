package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.proxy.WebhookProxies;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static dev.wagateway.webhooks.delivery.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries through {@code HTTP_PROXY}/{@code HTTPS_PROXY} (api.md §7.3) with a real forward proxy on loopback:
 * requests go through it, {@code NO_PROXY} hosts bypass it, its credentials answer its challenge, and the URL policy
 * still checks every target before anything is sent to the proxy. Only loopback is ever connected to: the test's
 * host names resolve (for the policy) to loopback or to addresses nothing connects to.
 */
class ProxyDeliveryTest {

    private static final HostResolver NAMES = host -> switch (host) {
        case "hooks.example", "direct.hooks.example" ->
                List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
        case "internal.example" -> List.of(InetAddress.getByAddress(host, new byte[]{10, 1, 2, 3}));
        case "public.example" -> List.of(InetAddress.getByAddress(host, new byte[]{93, (byte) 184, (byte) 216, 34}));
        default -> throw new UnknownHostException(host);
    };

    private final PostgresGatewayStore store = TestDatabase.store();
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Receiver receiver;
    private Device device;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        device = Fixtures.device(store);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
        receiver.close();
        Fixtures.settleLeftovers(store, device);
    }

    @Test
    void requestsGoThroughTheProxyExceptToHostsNoProxyNames() throws Exception {
        ForwardingProxy proxy = open(new ForwardingProxy(receiver.port(), null));
        Webhook viaProxy = webhook("http://hooks.example:" + receiver.port() + "/via-proxy");
        Webhook direct = webhook("http://direct.hooks.example:" + receiver.port() + "/direct");
        Fixtures.publish(store, device, EventTypes.MESSAGE_RECEIVED, "");
        start(WebhookProxies.of(Optional.of(URI.create("http://127.0.0.1:" + proxy.port())), Optional.empty(),
                Optional.of("direct.hooks.example")), true, 3);

        await(() -> delivered(viaProxy) && delivered(direct), "both deliveries");
        assertThat(proxy.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.target()).isEqualTo("http://hooks.example:" + receiver.port() + "/via-proxy");
            assertThat(seen.headers()).containsKey("webhook-signature");
        });
        assertThat(receiver.received("/via-proxy")).hasSize(1);
        assertThat(receiver.received("/direct")).hasSize(1);
    }

    @Test
    void theProxysCredentialsAnswerItsChallenge() throws Exception {
        String expected = Credentials.basic("hook user", "p@ss:word");
        ForwardingProxy proxy = open(new ForwardingProxy(receiver.port(), expected));
        Webhook webhook = webhook("http://hooks.example:" + receiver.port() + "/authenticated");
        Fixtures.publish(store, device, EventTypes.MESSAGE_RECEIVED, "");
        start(WebhookProxies.of(Optional.of(URI.create("http://hook%20user:p%40ss%3Aword@127.0.0.1:" + proxy.port())),
                Optional.empty(), Optional.empty()), true, 3);

        await(() -> delivered(webhook), "the delivery");
        assertThat(proxy.seen()).hasSize(2); // challenged once, then let through
        assertThat(proxy.seen().get(1).headers()).containsEntry("proxy-authorization", expected);
        assertThat(receiver.received("/authenticated")).hasSize(1);
    }

    @Test
    void thePolicyChecksTargetsBeforeTheyAreSentToTheProxy() throws Exception {
        ForwardingProxy proxy = open(new ForwardingProxy(receiver.port(), null));
        Webhook internal = webhook("https://internal.example/x");
        Webhook outside = webhook("https://public.example/x");
        Fixtures.publish(store, device, EventTypes.MESSAGE_RECEIVED, "");
        start(WebhookProxies.of(Optional.empty(), Optional.of(URI.create("http://127.0.0.1:" + proxy.port())),
                Optional.empty()), false, 1);

        await(() -> settled(internal).isPresent() && settled(outside).isPresent(), "both deliveries to settle");
        // the proxy would have resolved internal.example itself: the policy refused it before, on its own lookup
        assertThat(settled(internal).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.lastError().orElseThrow()).contains("private/local network URLs are not allowed");
        });
        // an allowed HTTPS target goes to the proxy as a tunnel request (which this proxy refuses)
        assertThat(proxy.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("CONNECT");
            assertThat(seen.target()).isEqualTo("public.example:443");
        });
        assertThat(settled(outside).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
    }

    private void start(WebhookProxies proxies, boolean allowInsecure, int retryLimit) {
        DeliverySettings settings = Fixtures.settings(retryLimit).withProxies(proxies);
        DeliveryWorkers workers = new DeliveryWorkers(store.deliveries(), store.webhooks(),
                new WebhookSender(settings, new TargetPolicy(allowInsecure, false, NAMES), clock), settings, clock,
                RandomGenerator.getDefault());
        open(workers);
        workers.start();
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private Webhook webhook(String url) {
        return Fixtures.webhook(store, device, url);
    }

    private Optional<WebhookDelivery> settled(Webhook webhook) {
        return Fixtures.settled(store, webhook);
    }

    private boolean delivered(Webhook webhook) {
        return settled(webhook).filter(d -> d.status() == DeliveryStatus.SUCCESS).isPresent();
    }
}
