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
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.webhooks.HostResolver;
import dev.wagateway.webhooks.TargetPolicy;
import dev.wagateway.webhooks.proxy.WebhookProxies;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Rows and waits the delivery tests build on. */
final class Fixtures {

    private Fixtures() {
    }

    /** A device of a fresh API key: webhooks need an owner. */
    static Device device(PostgresGatewayStore store) {
        String key = "wam_" + UUID.randomUUID().toString().replace("-", "").substring(0, 28);
        ApiKey apiKey = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(key), ApiKey.mask(key),
                new Customer("hooks", "", ""), 5, 1000, Instant.now()));
        Device device = new Device(UUID.randomUUID(), apiKey.id(), SecretHash.of(UUID.randomUUID().toString()),
                "hooks", 1, Optional.empty(), DeviceStatus.ACTIVE, Instant.now(), Optional.empty());
        if (!store.devices().insertWithinLimit(device, 5)) {
            throw new AssertionError("could not insert a device");
        }
        return device;
    }

    /** An active webhook of {@code device} for every event, with a 64-hex secret as the gateway makes them. */
    static Webhook webhook(PostgresGatewayStore store, Device device, String url) {
        String secret = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return store.webhooks().insertWithinLimit(device.id(), url, secret, List.of(), Instant.now(), 100)
                .orElseThrow();
    }

    /** Writes one event of {@code device} into the outbox, as the gateway does after a fact is committed. */
    static void publish(PostgresGatewayStore store, Device device, String type, String orderingKey, Instant at) {
        new WebhookOutbox(true, DeliveryWakeup.NONE).publish(store.unitOfWork(), new GatewayEvent(type, device.id(),
                at, Map.of("message_id", UUID.randomUUID().toString()), orderingKey));
    }

    static void publish(PostgresGatewayStore store, Device device, String type, String orderingKey) {
        publish(store, device, type, orderingKey, Instant.now());
    }

    /** The webhook's newest delivery once it is settled. */
    static Optional<WebhookDelivery> settled(PostgresGatewayStore store, Webhook webhook) {
        return store.deliveries().recent(webhook.id(), 1).stream().filter(d -> d.status() != DeliveryStatus.PENDING)
                .findFirst();
    }

    /** Settles as failed whatever {@code device}'s webhooks still have pending, so no later test delivers it. */
    static void settleLeftovers(PostgresGatewayStore store, Device device) {
        for (Webhook webhook : store.webhooks().listByDevice(device.id())) {
            store.deliveries().recent(webhook.id(), 1000).stream().filter(d -> d.status() == DeliveryStatus.PENDING)
                    .forEach(d -> store.deliveries().recordFailure(d.id(), d.attemptCount(), "test ended",
                            Instant.now()));
        }
    }

    /**
     * Fast settings for tests: 2 loops (32 slots, 4 per webhook), 50 ms backoff base, 2 s lease, 300 ms connect and
     * 500 ms call timeouts.
     */
    static DeliverySettings settings(int retryLimit) {
        return new DeliverySettings(2, 4, retryLimit, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(500),
                WebhookProxies.none());
    }

    /**
     * Settings for tests whose attempts must not time out (they test something else): the contract's 5 s connect and
     * 10 s call timeouts (a TLS handshake on a loaded machine can take far longer than the fast settings allow; a
     * timed-out hop would be retried and counted twice), a 30 s lease, otherwise as {@link #settings(int)}.
     */
    static DeliverySettings patientSettings(int retryLimit) {
        return new DeliverySettings(2, 4, retryLimit, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(10),
                WebhookProxies.none());
    }

    /**
     * The policy of the test gateway ({@code WEBHOOK_ALLOW_INSECURE=true}): {@code http} and loopback receivers
     * allowed.
     */
    static TargetPolicy loopbackPolicy() {
        return new TargetPolicy(true, false, HostResolver.system());
    }

    /** The webhook's rows that are claimed and not settled, by event id, with the end of their lease (millis). */
    static Map<String, Long> leases(Webhook webhook) {
        return TestDatabase.jdbi().withHandle(h -> h.createQuery("""
                        select event_id::text as id, leased_until from wa_webhook_deliveries
                        where webhook_id = :w and status = 'pending' and leased_until is not null""")
                .bind("w", webhook.id())
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getTimestamp("leased_until").getTime()))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, what, Duration.ofSeconds(20));
    }

    /** Waits for {@code condition}, checked every 50 ms; fails naming {@code what} if false after {@code within}. */
    static void await(BooleanSupplier condition, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
