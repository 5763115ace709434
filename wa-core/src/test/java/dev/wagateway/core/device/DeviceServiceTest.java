package dev.wagateway.core.device;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyChanges;
import dev.wagateway.core.apikey.ApiKeyRequest;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.fake.CoreServices;
import dev.wagateway.core.fake.Pause;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.token.DeviceAuthenticator;
import dev.wagateway.core.token.DeviceClaims;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Device creation within the key's limit, token regeneration and revocation, deletion. */
class DeviceServiceTest {

    private final CoreServices core = new CoreServices();

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aKeyCreatesNoMoreDevicesThanItsLimit() {
        ApiKey key = key(2);
        CreatedDevice first = core.devices.create(key, "  one ");
        core.devices.create(key, null);
        assertThatThrownBy(() -> core.devices.create(key, "three")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Device limit reached");
        assertThat(core.deviceRows.listByApiKey(key.id())).hasSize(2);
        assertThat(first.device().name()).isEqualTo("one");
        assertThat(first.device().jwtVersion()).isEqualTo(1);
        assertThat(first.device().status()).isEqualTo(DeviceStatus.PENDING);
        assertThat(first.plaintextSecret()).matches("[0-9a-f]{64}");
        assertThat(first.device().secretHash().matches(first.plaintextSecret())).isTrue();
        assertThat(core.authenticator.authenticate(first.token()).deviceId()).isEqualTo(first.device().id());
    }

    @Test
    void regenerationRevokesEveryEarlierToken() {
        CreatedDevice created = core.devices.create(key(5), "regenerated");
        String id = created.device().id().toString();
        String second = core.devices.regenerateToken(id, created.plaintextSecret());
        String third = core.devices.regenerateToken(" " + id + " ", created.plaintextSecret());

        assertRevoked(created.token());
        assertRevoked(second);
        assertThat(core.authenticator.authenticate(third).deviceId()).isEqualTo(created.device().id());
        assertThat(core.devices.get(created.device().id()).jwtVersion()).isEqualTo(3);
    }

    @Test
    void regenerationNeedsTheRightSecretAndAnActiveKey() {
        ApiKey key = key(5);
        CreatedDevice created = core.devices.create(key, "guarded");
        String id = created.device().id().toString();
        for (String[] wrong : new String[][]{{id, "0".repeat(64)}, {id, null}, {"not-a-uuid", "x"},
                {null, "x"}, {UUID.randomUUID().toString(), created.plaintextSecret()}}) {
            assertThatThrownBy(() -> core.devices.regenerateToken(wrong[0], wrong[1]))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("Invalid device credentials");
        }
        core.apiKeys.update(key.id(), new ApiKeyChanges(null, null, null, null, null, false));
        assertThatThrownBy(() -> core.devices.regenerateToken(id, created.plaintextSecret()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("API key is inactive");
        assertThat(core.devices.get(created.device().id()).jwtVersion()).isEqualTo(1);
    }

    /** Two regenerations whose cache writes arrive out of order: the newest token is the one accepted. */
    @Test
    void regenerationsFinishingOutOfOrderLeaveTheNewestTokenValid() throws Exception {
        CreatedDevice created = core.devices.create(key(5), "racing");
        String id = created.device().id().toString();
        Pause slow = core.deviceRows.pauseNextIncrement(created.device().id());
        CompletableFuture<String> older = CompletableFuture.supplyAsync(
                () -> core.devices.regenerateToken(id, created.plaintextSecret()));
        slow.awaitReached(); // version 2 is in the database, not yet in the cache
        String newer = core.devices.regenerateToken(id, created.plaintextSecret()); // version 3, cached
        slow.release();
        String olderToken = older.get(10, TimeUnit.SECONDS);

        assertThat(core.authenticator.authenticate(newer).deviceId()).isEqualTo(created.device().id());
        assertRevoked(olderToken);
        assertRevoked(created.token());
    }

    @Test
    void deletionRevokesTheTokensAndRemovesTheDevice() {
        CreatedDevice created = core.devices.create(key(5), "deleted");
        UUID id = created.device().id();
        DeviceStore store = new InMemoryDeviceStore(); // registered once, never paired
        store.saveCredentials(DeviceCredentials.generate(new SecureRandom(), System.currentTimeMillis()));
        core.protocolStores.put(id, store);
        core.devices.delete(id);

        assertThatThrownBy(() -> core.authenticator.authenticate(created.token()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Device not found");
        assertThat(core.deviceRows.find(id)).isEmpty();
        assertThat(store.credentials()).isEmpty();
        assertThatThrownBy(() -> core.devices.get(id)).isInstanceOf(NotFoundException.class)
                .hasMessage("Device not found");
        assertThatThrownBy(() -> core.devices.delete(id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> core.devices.regenerateToken(id.toString(), created.plaintextSecret()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Invalid device credentials");
    }

    /** A request whose cache miss read the device just before its deletion cannot make its token valid again. */
    @Test
    void aRequestThatReadTheDeviceBeforeItsDeletionDoesNotReviveIt() throws Exception {
        ApiKey key = key(5);
        // a device this process never cached (created before a restart): its first request misses
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "stale", 1, Optional.empty(),
                DeviceStatus.PENDING, Instant.now(), Optional.empty());
        assertThat(core.deviceRows.insertWithinLimit(device, 5)).isTrue();
        String token = core.tokens.issue(new DeviceClaims(device.id(), key.id(), "", 1, Instant.now()));
        Pause pause = core.deviceRows.pauseNextFind(device.id());
        CompletableFuture<Optional<String>> inFlight = CompletableFuture.supplyAsync(() -> refusal(token));
        pause.awaitReached(); // the row was read
        core.devices.delete(device.id());
        pause.release();

        assertThat(inFlight.get(10, TimeUnit.SECONDS)).contains("Device not found");
        assertThat(refusal(token)).contains("Device not found");
    }

    private Optional<String> refusal(String token) {
        try {
            core.authenticator.authenticate(token);
            return Optional.empty();
        } catch (UnauthorizedException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void assertRevoked(String token) {
        assertThatThrownBy(() -> core.authenticator.authenticate(token)).isInstanceOf(UnauthorizedException.class)
                .hasMessage(DeviceAuthenticator.REVOKED);
    }

    private ApiKey key(int maxDevices) {
        return core.apiKeys.create(new ApiKeyRequest("Device test", null, null, maxDevices, null)).key();
    }
}
