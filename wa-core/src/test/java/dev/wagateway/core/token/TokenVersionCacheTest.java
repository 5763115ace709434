package dev.wagateway.core.token;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.fake.InMemoryApiKeyRepository;
import dev.wagateway.core.fake.InMemoryDeviceRepository;
import dev.wagateway.core.fake.Pause;
import dev.wagateway.core.secret.SecretHash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's ordering rules: versions only go up, deletions stay, a miss never writes back a stale read. */
class TokenVersionCacheTest {

    private final InMemoryDeviceRepository devices = new InMemoryDeviceRepository();
    private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository(devices);
    private final TokenVersionCache cache = new TokenVersionCache(devices, keys);

    @Test
    void aMissReadsTheDatabaseOnceAndThenAnswersFromMemory() {
        Device device = storedDevice(key(), 4);
        assertThat(cache.device(device.id())).contains(new TokenVersionCache.DeviceTokenState(4, device.apiKeyId()));
        assertThat(cache.device(device.id())).isPresent();
        assertThat(devices.finds()).isEqualTo(1);
        assertThat(cache.device(UUID.randomUUID())).isEmpty();
    }

    @Test
    void afterThePreloadNoDeviceNeedsARead() {
        Device first = storedDevice(key(), 2);
        Device second = storedDevice(key(), 7);
        assertThat(cache.preload()).isEqualTo(2);
        assertThat(cache.device(first.id())).contains(new TokenVersionCache.DeviceTokenState(2, first.apiKeyId()));
        assertThat(cache.device(second.id())).contains(new TokenVersionCache.DeviceTokenState(7, second.apiKeyId()));
        assertThat(cache.keyActive(first.apiKeyId())).isTrue();
        assertThat(devices.finds()).isZero();

        UUID unknown = UUID.randomUUID(); // e.g. a deleted device's token, after a restart
        assertThat(cache.device(unknown)).isEmpty();
        assertThat(cache.device(unknown)).isEmpty();
        assertThat(devices.finds()).isEqualTo(1);
    }

    @Test
    void versionsOnlyGoUp() {
        Device device = storedDevice(key(), 1);
        cache.put(device);
        cache.putVersion(device.id(), device.apiKeyId(), 3);
        cache.putVersion(device.id(), device.apiKeyId(), 2); // an older regeneration finishing late
        assertThat(version(device)).isEqualTo(3);
        cache.put(device); // the creation-time copy, version 1
        assertThat(version(device)).isEqualTo(3);
        cache.putVersion(device.id(), device.apiKeyId(), 4);
        assertThat(version(device)).isEqualTo(4);
    }

    @Test
    void aDeletedDeviceStaysDeletedWhateverIsWrittenLater() {
        Device device = storedDevice(key(), 1);
        cache.put(device);
        cache.removeDevice(device.id());
        cache.putVersion(device.id(), device.apiKeyId(), 2); // a regeneration that raced the deletion
        cache.put(device);
        assertThat(cache.device(device.id())).isEmpty();
        assertThat(devices.finds()).isZero(); // the tombstone answers; the row (still there) is not read
    }

    @Test
    void aMissThatReadBeforeADeletionDoesNotBringTheDeviceBack() throws Exception {
        Device device = storedDevice(key(), 1);
        Pause pause = devices.pauseNextFind(device.id());
        CompletableFuture<Optional<TokenVersionCache.DeviceTokenState>> inFlight =
                CompletableFuture.supplyAsync(() -> cache.device(device.id()));
        pause.awaitReached(); // the row was read: the device existed
        cache.removeDevice(device.id());
        devices.delete(device.id());
        pause.release();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(cache.device(device.id())).isEmpty();
    }

    @Test
    void aMissThatReadAnOlderVersionDoesNotOverwriteANewerOne() throws Exception {
        Device device = storedDevice(key(), 1);
        Pause pause = devices.pauseNextFind(device.id());
        CompletableFuture<Optional<TokenVersionCache.DeviceTokenState>> inFlight =
                CompletableFuture.supplyAsync(() -> cache.device(device.id()));
        pause.awaitReached(); // read version 1
        int regenerated = devices.incrementJwtVersion(device.id(), Instant.now()).getAsInt();
        cache.putVersion(device.id(), device.apiKeyId(), regenerated);
        pause.release();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).orElseThrow().jwtVersion()).isEqualTo(2);
        assertThat(version(device)).isEqualTo(2);
    }

    @Test
    void aMissThatReadBeforeADeactivationDoesNotReactivateTheKey() throws Exception {
        ApiKey key = key();
        Pause pause = keys.pauseNextFindById(key.id());
        CompletableFuture<Boolean> inFlight = CompletableFuture.supplyAsync(() -> cache.keyActive(key.id()));
        pause.awaitReached(); // read: active
        ApiKey deactivated = withActive(key, false);
        keys.update(deactivated);
        cache.put(deactivated);
        pause.release();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(cache.keyActive(key.id())).isFalse();
    }

    @Test
    void keysFollowTheirUpdatesAndADeletedKeyStaysInactive() {
        ApiKey key = key();
        assertThat(cache.keyActive(key.id())).isTrue();
        cache.put(withActive(key, false));
        assertThat(cache.keyActive(key.id())).isFalse();
        cache.put(key);
        assertThat(cache.keyActive(key.id())).isTrue();
        cache.removeKey(key.id());
        cache.put(key); // an update that raced the deletion
        assertThat(cache.keyActive(key.id())).isFalse();
        assertThat(cache.keyActive(424242)).isFalse();
    }

    @Test
    void aRefreshTakesWhatAnotherNodeChanged() {
        ApiKey key = key();
        Device regenerated = storedDevice(key, 1);
        Device deleted = storedDevice(key, 1);
        Device untouched = storedDevice(key, 5);
        ApiKey otherKey = key();
        cache.preload();
        // another node: a token regenerated, a device deleted, a key deactivated, all in the database only
        devices.incrementJwtVersion(regenerated.id(), Instant.now());
        devices.delete(deleted.id());
        keys.update(withActive(otherKey, false));
        cache.refresh();
        assertThat(version(regenerated)).isEqualTo(2);
        assertThat(cache.device(deleted.id())).isEmpty();
        assertThat(version(untouched)).isEqualTo(5);
        assertThat(cache.keyActive(otherKey.id())).isFalse();
        assertThat(cache.keyActive(key.id())).isTrue();
        // and back: a key reactivated elsewhere is active here after the next refresh
        keys.update(withActive(otherKey, true));
        cache.refresh();
        assertThat(cache.keyActive(otherKey.id())).isTrue();
    }

    @Test
    void aRefreshNeverLowersAVersion() {
        ApiKey key = key();
        Device device = storedDevice(key, 1);
        cache.preload();
        cache.putVersion(device.id(), device.apiKeyId(), 3); // regenerated here; the row read below is older
        keys.update(withActive(key, false));
        cache.put(withActive(key, false));
        cache.refresh();
        assertThat(version(device)).isEqualTo(3);
        assertThat(cache.keyActive(key.id())).isFalse();
    }

    private int version(Device device) {
        return cache.device(device.id()).orElseThrow().jwtVersion();
    }

    private ApiKey key() {
        return keys.insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_1234...abcd",
                new Customer("Cache test", "", ""), 5, 1000, Instant.now()));
    }

    private Device storedDevice(ApiKey key, int version) {
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("secret"), "cached", version,
                Optional.empty(), DeviceStatus.PENDING, Instant.now(), Optional.empty());
        assertThat(devices.insertWithinLimit(device, 5)).isTrue();
        return device;
    }

    private static ApiKey withActive(ApiKey key, boolean active) {
        return new ApiKey(key.id(), key.keyHash(), key.maskedKey(), key.customer(), key.maxDevices(),
                key.rateLimitPerHour(), active, key.createdAt(), Instant.now());
    }
}
