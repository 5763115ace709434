package dev.wagateway.core.apikey;

import dev.wagateway.core.device.CreatedDevice;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.fake.CoreServices;
import dev.wagateway.core.fake.Pause;
import dev.wagateway.core.secret.SecretHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key creation, authentication, deactivation and deletion, and what each does to the key's devices. */
class ApiKeyServiceTest {

    private static final ApiKeyChanges DEACTIVATE = new ApiKeyChanges(null, null, null, null, null, false);
    private static final ApiKeyChanges REACTIVATE = new ApiKeyChanges(null, null, null, null, null, true);

    private final CoreServices core = new CoreServices();

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void creationAppliesTheDefaultsAndKeepsOnlyTheHash() {
        assertThatThrownBy(() -> core.apiKeys.create(new ApiKeyRequest(" ", null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("customer_name is required");
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest(" Acme ", null, null, 0, -1));
        ApiKey key = created.key();
        assertThat(created.plaintextKey()).matches("wam_[0-9a-f]{28}");
        assertThat(key.customer().name()).isEqualTo("Acme");
        assertThat(key.maxDevices()).isEqualTo(ApiKeyService.DEFAULT_MAX_DEVICES);
        assertThat(key.rateLimitPerHour()).isEqualTo(ApiKeyService.DEFAULT_RATE_LIMIT_PER_HOUR);
        assertThat(key.keyHash()).isEqualTo(SecretHash.of(created.plaintextKey()));
        assertThat(key.maskedKey()).isEqualTo(ApiKey.mask(created.plaintextKey())).doesNotContain(
                created.plaintextKey().substring(8, 28));
        assertThat(core.apiKeys.authenticate(created.plaintextKey()).id()).isEqualTo(key.id());
        assertThatThrownBy(() -> core.apiKeys.authenticate("wam_" + "0".repeat(28)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Invalid API key");
    }

    @Test
    void deactivationRefusesTheKeyAndItsDevicesTokensAtOnceUntilReactivated() {
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest("Toggle", null, null, 2, null));
        long id = created.key().id();
        CreatedDevice device = core.devices.create(core.apiKeys.authenticate(created.plaintextKey()), "toggled");
        core.authenticator.authenticate(device.token());

        core.apiKeys.update(id, DEACTIVATE);
        assertThatThrownBy(() -> core.apiKeys.authenticate(created.plaintextKey()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("API key is inactive");
        assertThatThrownBy(() -> core.authenticator.authenticate(device.token()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("API key is inactive");

        core.apiKeys.update(id, REACTIVATE);
        assertThat(core.apiKeys.authenticate(created.plaintextKey()).active()).isTrue();
        assertThat(core.authenticator.authenticate(device.token()).deviceId()).isEqualTo(device.device().id());
    }

    @Test
    void aNewLimitAppliesToTheNextCreation() {
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest("Growing", null, null, 1, null));
        core.devices.create(core.apiKeys.authenticate(created.plaintextKey()), "first");
        assertThatThrownBy(() -> core.devices.create(core.apiKeys.authenticate(created.plaintextKey()), "second"))
                .hasMessage("Device limit reached");
        core.apiKeys.update(created.key().id(), new ApiKeyChanges(null, null, null, 2, null, null));
        core.devices.create(core.apiKeys.authenticate(created.plaintextKey()), "second");
        assertThat(core.apiKeys.devicesOf(created.key().id())).hasSize(2);
    }

    @Test
    void deletionRemovesTheDevicesAndRevokesEverything() {
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest("Leaving", null, null, 3, null));
        ApiKey key = core.apiKeys.authenticate(created.plaintextKey());
        CreatedDevice first = core.devices.create(key, "a");
        CreatedDevice second = core.devices.create(key, "b");

        core.apiKeys.delete(key.id());
        assertThat(core.deviceRows.listByApiKey(key.id())).isEmpty();
        for (CreatedDevice device : new CreatedDevice[]{first, second}) {
            assertThatThrownBy(() -> core.authenticator.authenticate(device.token()))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("Device not found");
        }
        assertThatThrownBy(() -> core.apiKeys.authenticate(created.plaintextKey()))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Invalid API key");
        assertThatThrownBy(() -> core.apiKeys.get(key.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> core.apiKeys.delete(key.id())).isInstanceOf(NotFoundException.class);
        assertThat(core.tokenVersions.keyActive(key.id())).isFalse();
    }

    /** An authentication that read the key before a deactivation neither passes nor caches the stale copy. */
    @Test
    void aKeyReadBeforeItsDeactivationIsNotCachedAsActive() throws Exception {
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest("Stale", null, null, 1, null));
        Pause pause = core.keyRows.pauseNextFindByHash(created.key().keyHash());
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> outcome(created.plaintextKey()));
        pause.awaitReached(); // read while active
        core.apiKeys.update(created.key().id(), DEACTIVATE);
        pause.release();

        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("API key is inactive");
        assertThat(outcome(created.plaintextKey())).isEqualTo("API key is inactive");
    }

    /** The same race with a new device limit: the stale copy (limit 1) must not stay cached over the new one. */
    @Test
    void aKeyReadBeforeAnUpdateDoesNotKeepItsOldLimit() throws Exception {
        CreatedApiKey created = core.apiKeys.create(new ApiKeyRequest("Limits", null, null, 1, null));
        Pause pause = core.keyRows.pauseNextFindByHash(created.key().keyHash());
        CompletableFuture<ApiKey> inFlight = CompletableFuture.supplyAsync(
                () -> core.apiKeys.authenticate(created.plaintextKey()));
        pause.awaitReached();
        core.apiKeys.update(created.key().id(), new ApiKeyChanges(null, null, null, 4, null, null));
        pause.release();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).maxDevices()).isEqualTo(1); // it read before the change
        assertThat(core.apiKeys.authenticate(created.plaintextKey()).maxDevices()).isEqualTo(4);
    }

    private String outcome(String plaintext) {
        try {
            core.apiKeys.authenticate(plaintext);
            return "accepted";
        } catch (UnauthorizedException e) {
            return e.getMessage();
        }
    }
}
