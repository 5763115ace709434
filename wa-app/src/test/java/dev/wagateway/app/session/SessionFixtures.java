package dev.wagateway.app.session;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the session tests set up alike: a pending device under a key of its own, and waiting for a condition. */
final class SessionFixtures {

    private SessionFixtures() {
    }

    /** A new API key named {@code customer} with one pending device, both stored. */
    static Device device(PostgresGatewayStore store, String customer) {
        Instant now = Instant.now();
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer(customer, "", ""), 5, 1000, now));
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("secret"), customer, 1,
                Optional.empty(), DeviceStatus.PENDING, now, Optional.empty());
        assertThat(store.devices().insertWithinLimit(device, 5)).isTrue();
        return device;
    }

    /** Waits up to 20 s for {@code condition}, failing with {@code what}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
