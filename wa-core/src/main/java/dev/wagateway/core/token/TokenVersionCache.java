package dev.wagateway.core.token;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyListing;
import dev.wagateway.core.apikey.ApiKeyRepository;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceListing;
import dev.wagateway.core.device.DeviceRepository;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The current token version of each device and whether each API key is active, in memory, so that authenticating a
 * request reads no database. The use cases that change either (token regeneration, device deletion, key update or
 * deletion) update this cache in the same call, so revocation is immediate. {@link #preload()} fills it at boot; a
 * device or key still not cached (created by another process) is read once and then cached, and so is the absence
 * of a device.
 *
 * <p>Writes are ordered so that a late writer cannot undo a newer fact: a device's version only goes up (two
 * regenerations finishing out of order keep the newer one); a deleted device or key leaves a tombstone that nothing
 * written afterwards replaces; and a value read from the database on a miss is only stored where the entry is still
 * missing, so a read that started before a deletion, a deactivation or a regeneration cannot write its stale value
 * back over it. Tombstones stay for the life of the process (one small entry per deletion).
 *
 * <p>Owner of the two maps: this object; callers only go through its methods.
 */
public final class TokenVersionCache {

    /** What authentication needs to know about a device. */
    public record DeviceTokenState(int jwtVersion, long apiKeyId) {
    }

    /** A device's cached fact: its state, or that it was deleted. */
    private sealed interface DeviceEntry {
    }

    private record KnownDevice(DeviceTokenState state) implements DeviceEntry {
    }

    private record DeletedDevice() implements DeviceEntry {
    }

    /** A key's cached fact: its active flag, or that it was deleted. */
    private sealed interface KeyEntry {
    }

    private record KnownKey(boolean active) implements KeyEntry {
    }

    private record DeletedKey() implements KeyEntry {
    }

    private static final DeletedDevice DELETED_DEVICE = new DeletedDevice();
    private static final DeletedKey DELETED_KEY = new DeletedKey();

    private final DeviceRepository devices;
    private final ApiKeyRepository apiKeys;
    private final ConcurrentMap<UUID, DeviceEntry> deviceEntries = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, KeyEntry> keyEntries = new ConcurrentHashMap<>();

    /** @param devices read on a miss; @param apiKeys read on a miss */
    public TokenVersionCache(DeviceRepository devices, ApiKeyRepository apiKeys) {
        this.devices = devices;
        this.apiKeys = apiKeys;
    }

    /** The device's state, empty when the device does not exist or was deleted. */
    public Optional<DeviceTokenState> device(UUID deviceId) {
        DeviceEntry cached = deviceEntries.get(deviceId);
        if (cached == null) {
            Optional<Device> loaded = devices.find(deviceId);
            if (loaded.isEmpty()) {
                // A token names a device only after its row committed, so a device missing now never appears later
                // under that id: remembering the absence keeps a deleted device's tokens from costing a read each.
                deviceEntries.putIfAbsent(deviceId, DELETED_DEVICE);
                return Optional.empty();
            }
            KnownDevice read = known(loaded.get().jwtVersion(), loaded.get().apiKeyId());
            // Fill only a missing entry: whatever was written while the row was read is newer than the row.
            cached = deviceEntries.merge(deviceId, read, (current, ignored) -> current);
        }
        return switch (cached) {
            case KnownDevice known -> Optional.of(known.state());
            case DeletedDevice deleted -> Optional.empty();
        };
    }

    /** Whether the key is active; false when it does not exist or was deleted. */
    public boolean keyActive(long apiKeyId) {
        KeyEntry cached = keyEntries.get(apiKeyId);
        if (cached == null) {
            Optional<ApiKey> loaded = apiKeys.findById(apiKeyId);
            if (loaded.isEmpty()) {
                return false;
            }
            cached = keyEntries.merge(apiKeyId, new KnownKey(loaded.get().active()), (current, ignored) -> current);
        }
        return switch (cached) {
            case KnownKey known -> known.active();
            case DeletedKey deleted -> false;
        };
    }

    /**
     * Reads every device and key once (at boot), so that no authenticated request needs the database, not even the
     * first one of each device after a restart. Entries written meanwhile are newer and stay.
     *
     * @return how many devices were loaded
     */
    public int preload() {
        for (ApiKeyListing listing : apiKeys.listWithDeviceCounts()) {
            keyEntries.putIfAbsent(listing.key().id(), new KnownKey(listing.key().active()));
        }
        int loaded = 0;
        for (DeviceListing listing : devices.listAll()) {
            Device device = listing.device();
            deviceEntries.putIfAbsent(device.id(), known(device.jwtVersion(), device.apiKeyId()));
            loaded++;
        }
        return loaded;
    }

    /**
     * Reads every key and device again and takes what other gateway nodes changed (several nodes share the database,
     * each with its own cache): new token versions, keys (de)activated, devices and keys deleted. An entry this node
     * changed while the rows were read is left as it is (it is newer than what was read), so a refresh never undoes
     * a revocation made here.
     */
    public void refresh() {
        java.util.Map<Long, KeyEntry> keysBefore = java.util.Map.copyOf(keyEntries);
        java.util.Map<UUID, DeviceEntry> devicesBefore = java.util.Map.copyOf(deviceEntries);
        java.util.Set<Long> keysSeen = new java.util.HashSet<>();
        for (ApiKeyListing listing : apiKeys.listWithDeviceCounts()) {
            long id = listing.key().id();
            keysSeen.add(id);
            KeyEntry before = keysBefore.get(id);
            if (before instanceof KnownKey) {
                keyEntries.replace(id, before, new KnownKey(listing.key().active()));
            }
        }
        java.util.Set<UUID> devicesSeen = new java.util.HashSet<>();
        for (DeviceListing listing : devices.listAll()) {
            Device device = listing.device();
            devicesSeen.add(device.id());
            DeviceEntry before = devicesBefore.get(device.id());
            if (before instanceof KnownDevice) {
                deviceEntries.replace(device.id(), before, newer(before, known(device.jwtVersion(),
                        device.apiKeyId())));
            }
        }
        // known before the rows were read and absent from them: deleted by another node
        keysBefore.forEach((id, entry) -> {
            if (entry instanceof KnownKey && !keysSeen.contains(id)) {
                keyEntries.replace(id, entry, DELETED_KEY);
            }
        });
        devicesBefore.forEach((id, entry) -> {
            if (entry instanceof KnownDevice && !devicesSeen.contains(id)) {
                deviceEntries.replace(id, entry, DELETED_DEVICE);
            }
        });
    }

    /** Records a device as created or read (its version is kept if a newer one is cached; a deleted one stays so). */
    public void put(Device device) {
        putVersion(device.id(), device.apiKeyId(), device.jwtVersion());
    }

    /**
     * Records a new version for a device: the cache keeps the higher of this and the cached one, and ignores it for
     * a deleted device.
     */
    public void putVersion(UUID deviceId, long apiKeyId, int version) {
        deviceEntries.merge(deviceId, known(version, apiKeyId), TokenVersionCache::newer);
    }

    /** Records a key's active flag (creation, update); a deleted key stays deleted. */
    public void put(ApiKey key) {
        keyEntries.merge(key.id(), new KnownKey(key.active()),
                (current, update) -> current instanceof DeletedKey ? current : update);
    }

    /** Forgets a deleted device: its tokens fail from now on, whatever is written for it later. */
    public void removeDevice(UUID deviceId) {
        deviceEntries.put(deviceId, DELETED_DEVICE);
    }

    /** Marks a deleted key: its devices' tokens fail even if their rows linger for a moment. */
    public void removeKey(long apiKeyId) {
        keyEntries.put(apiKeyId, DELETED_KEY);
    }

    private static KnownDevice known(int version, long apiKeyId) {
        return new KnownDevice(new DeviceTokenState(version, apiKeyId));
    }

    private static DeviceEntry newer(DeviceEntry current, DeviceEntry update) {
        return switch (current) {
            case DeletedDevice deleted -> deleted;
            case KnownDevice known -> update instanceof KnownDevice candidate
                    && candidate.state().jwtVersion() > known.state().jwtVersion() ? candidate : known;
        };
    }
}
