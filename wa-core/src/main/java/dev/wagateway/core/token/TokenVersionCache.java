package dev.wagateway.core.token;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyRepository;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The current token version of each device and whether each API key is active, in memory, so that authenticating a
 * request reads no database. The use cases that change either (token regeneration, device deletion, key update or
 * deletion) update this cache in the same call, so revocation is immediate. A device or key not yet cached (created
 * by another process, or before a restart) is read once and then cached.
 *
 * <p>Owner of the two maps: this object; callers only go through its methods.
 */
public final class TokenVersionCache {

    /** What authentication needs to know about a device. */
    public record DeviceTokenState(int jwtVersion, long apiKeyId) {
    }

    private final DeviceRepository devices;
    private final ApiKeyRepository apiKeys;
    private final ConcurrentMap<UUID, DeviceTokenState> deviceStates = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, Boolean> keyActive = new ConcurrentHashMap<>();

    /** @param devices read on a miss; @param apiKeys read on a miss */
    public TokenVersionCache(DeviceRepository devices, ApiKeyRepository apiKeys) {
        this.devices = devices;
        this.apiKeys = apiKeys;
    }

    /** The device's state, empty when the device does not exist. */
    public Optional<DeviceTokenState> device(UUID deviceId) {
        DeviceTokenState cached = deviceStates.get(deviceId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Device> loaded = devices.find(deviceId);
        loaded.ifPresent(this::put);
        return loaded.map(d -> new DeviceTokenState(d.jwtVersion(), d.apiKeyId()));
    }

    /** Whether the key is active; false when it does not exist. */
    public boolean keyActive(long apiKeyId) {
        Boolean cached = keyActive.get(apiKeyId);
        if (cached != null) {
            return cached;
        }
        Optional<ApiKey> loaded = apiKeys.findById(apiKeyId);
        loaded.ifPresent(this::put);
        return loaded.map(ApiKey::active).orElse(false);
    }

    /** Records a device's current version (creation, regeneration). */
    public void put(Device device) {
        deviceStates.put(device.id(), new DeviceTokenState(device.jwtVersion(), device.apiKeyId()));
    }

    /** Records a new version for a device. */
    public void putVersion(UUID deviceId, long apiKeyId, int version) {
        deviceStates.put(deviceId, new DeviceTokenState(version, apiKeyId));
    }

    /** Records a key's active flag (creation, update). */
    public void put(ApiKey key) {
        keyActive.put(key.id(), key.active());
    }

    /** Forgets a deleted device: its tokens fail from now on. */
    public void removeDevice(UUID deviceId) {
        deviceStates.remove(deviceId);
    }

    /** Marks a deleted key inactive (its devices' tokens fail even if their rows linger for a moment). */
    public void removeKey(long apiKeyId) {
        keyActive.put(apiKeyId, false);
    }
}
