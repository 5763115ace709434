package dev.wagateway.persistence.gateway;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
}
