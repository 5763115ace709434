package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static dev.wagateway.webhooks.delivery.Fixtures.settings;

/**
 * What the delivery tests share: a real PostgreSQL outbox ({@link TestDatabase}), a real HTTP receiver on loopback,
 * a device to own the webhooks, and workers started with the tests' fast settings, closed after each test.
 */
abstract class DeliveryWorkersFixture {

    static final String RECEIVED = EventTypes.MESSAGE_RECEIVED;

    final PostgresGatewayStore store = TestDatabase.store();
    final Clock clock = Clock.systemUTC();
    final List<DeliveryWorkers> started = new ArrayList<>();
    final List<Device> otherDevices = new ArrayList<>();
    Receiver receiver;
    Device device;

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

    Webhook webhook(String url) {
        return Fixtures.webhook(store, device, url);
    }

    void publish(String type, String orderingKey) {
        Fixtures.publish(store, device, type, orderingKey);
    }

    Optional<WebhookDelivery> settled(Webhook webhook) {
        return Fixtures.settled(store, webhook);
    }

    /** Workers as production builds them (policy-resolving client), with the test's fast settings and policy. */
    void workers(int retryLimit) {
        DeliverySettings settings = settings(retryLimit);
        start(new DeliveryWorkers(store.deliveries(), store.webhooks(), new WebhookSender(settings,
                Fixtures.loopbackPolicy(), clock), settings, clock, RandomGenerator.getDefault()));
    }

    void start(DeliveryWorkers workers) {
        started.add(workers);
        workers.start();
    }

    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
