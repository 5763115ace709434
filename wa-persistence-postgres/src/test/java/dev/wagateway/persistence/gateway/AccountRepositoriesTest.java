package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyListing;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys and devices against a real PostgreSQL. */
class AccountRepositoriesTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void aKeyIsFoundByItsHashAndUpdatedAndListedWithItsDeviceCount() {
        ApiKey key = Fixtures.apiKey(store, 3);
        assertThat(store.apiKeys().findByHash(key.keyHash())).contains(key);
        store.devices().insertWithinLimit(Fixtures.device(key.id()), 3);

        ApiKey changed = new ApiKey(key.id(), key.keyHash(), key.maskedKey(), key.customer(), 7, 10, false,
                key.createdAt(), Fixtures.now());
        assertThat(store.apiKeys().update(changed)).isTrue();
        assertThat(store.apiKeys().findById(key.id())).contains(changed);
        ApiKeyListing listed = store.apiKeys().listWithDeviceCounts().stream()
                .filter(l -> l.key().id() == key.id()).findFirst().orElseThrow();
        assertThat(listed.deviceCount()).isEqualTo(1);
    }

    @Test
    void deletingAKeyDeletesItsDevices() {
        Device device = Fixtures.storedDevice(store);
        assertThat(store.apiKeys().delete(device.apiKeyId())).isTrue();
        assertThat(store.devices().find(device.id())).isEmpty();
        assertThat(store.apiKeys().delete(device.apiKeyId())).isFalse();
    }

    @Test
    void concurrentCreationsNeverExceedTheDeviceLimit() throws Exception {
        ApiKey key = Fixtures.apiKey(store, 5);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            attempts.add(() -> store.devices().insertWithinLimit(Fixtures.device(key.id()), 5));
        }
        int created = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                created += result.get() ? 1 : 0;
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(store.devices().listByApiKey(key.id())).hasSize(5);
    }

    @Test
    void tokenVersionsIncreaseAndTouchTheLastActiveTime() {
        Device device = Fixtures.storedDevice(store);
        assertThat(store.devices().incrementJwtVersion(device.id(), Fixtures.now())).hasValue(2);
        assertThat(store.devices().incrementJwtVersion(device.id(), Fixtures.now())).hasValue(3);
        Device stored = store.devices().find(device.id()).orElseThrow();
        assertThat(stored.jwtVersion()).isEqualTo(3);
        assertThat(stored.lastActiveAt()).isPresent();
        assertThat(store.devices().incrementJwtVersion(java.util.UUID.randomUUID(), Fixtures.now())).isEmpty();
    }

    @Test
    void aWhatsAppJidBelongsToOneDeviceAndPairedDevicesAreRestorable() {
        Device first = Fixtures.storedDevice(store);
        Device second = Fixtures.storedDevice(store);
        String jid = "1555" + System.nanoTime() % 10_000_000 + ":3@s.whatsapp.net";
        assertThat(store.devices().recordPaired(first.id(), jid, Fixtures.now())).isTrue();
        assertThat(store.devices().recordPaired(second.id(), jid, Fixtures.now())).isTrue();

        assertThat(store.devices().find(first.id()).orElseThrow().whatsAppJid()).isEmpty();
        Device paired = store.devices().find(second.id()).orElseThrow();
        assertThat(paired.whatsAppJid()).contains(jid);
        assertThat(paired.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(store.devices().listRestorable()).extracting(Device::id).contains(second.id())
                .doesNotContain(first.id());

        store.devices().updateStatus(second.id(), DeviceStatus.LOGGED_OUT, Fixtures.now());
        assertThat(store.devices().listRestorable()).extracting(Device::id).doesNotContain(second.id());
    }

    @Test
    void countsFollowStatuses() {
        long before = store.devices().counts().loggedOut();
        Device device = Fixtures.storedDevice(store);
        store.devices().updateStatus(device.id(), DeviceStatus.LOGGED_OUT, Fixtures.now());
        assertThat(store.devices().counts().loggedOut()).isEqualTo(before + 1);
    }
}
