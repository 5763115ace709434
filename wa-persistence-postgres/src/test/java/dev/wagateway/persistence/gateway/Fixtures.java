package dev.wagateway.persistence.gateway;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Webhook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rows the repository tests build on. */
final class Fixtures {

    private Fixtures() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static ApiKey apiKey(PostgresGatewayStore store, int maxDevices) {
        String key = "wam_" + UUID.randomUUID().toString().replace("-", "").substring(0, 28);
        return store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(key), ApiKey.mask(key),
                new Customer("Customer " + key.substring(4, 10), "", ""), maxDevices, 1000, now()));
    }

    static Device device(long apiKeyId) {
        return new Device(UUID.randomUUID(), apiKeyId, SecretHash.of(UUID.randomUUID().toString()), "phone", 1,
                Optional.empty(), DeviceStatus.PENDING, now(), Optional.empty());
    }

    static Device storedDevice(PostgresGatewayStore store) {
        ApiKey key = apiKey(store, 10);
        Device device = device(key.id());
        if (!store.devices().insertWithinLimit(device, 10)) {
            throw new AssertionError("could not insert a device");
        }
        return device;
    }

    /** A webhook for every event, of a device of its own (so a test's claims can tell its rows apart). */
    static Webhook webhook(PostgresGatewayStore store) {
        Device device = storedDevice(store);
        return store.webhooks().insertWithinLimit(device.id(), "https://hooks.example/" + device.id(), "secret",
                List.of(), now(), 5).orElseThrow();
    }

    /** A delivery to {@code webhook} of a fresh event, due already; {@code orderingKey} "" for an unordered one. */
    static NewDelivery delivery(Webhook webhook, String orderingKey) {
        return new NewDelivery(webhook.id(), UUID.randomUUID(), "message.received", "{}", orderingKey,
                now().minusSeconds(1));
    }
}
