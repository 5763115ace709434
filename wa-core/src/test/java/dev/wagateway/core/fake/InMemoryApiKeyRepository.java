package dev.wagateway.core.fake;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyCounts;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.ApiKeyListing;
import dev.wagateway.core.apikey.ApiKeyRepository;
import dev.wagateway.core.secret.SecretHash;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API key port in memory for the core's unit tests; deleting a key deletes its devices as the database's
 * cascade does. Pauses let a test put a change between a read and its use.
 */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {

    private final Map<Long, ApiKey> rows = new ConcurrentHashMap<>();
    private final Map<Long, Pause> findPauses = new ConcurrentHashMap<>();
    private final Map<SecretHash, Pause> hashPauses = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final InMemoryDeviceRepository devices;

    /** @param devices the devices that go with a deleted key */
    public InMemoryApiKeyRepository(InMemoryDeviceRepository devices) {
        this.devices = devices;
        devices.customerNames(id -> Optional.ofNullable(rows.get(id)).map(k -> k.customer().name()).orElse(""));
    }

    /** The next {@link #findById} of {@code id} reads the row, then stops until released, then returns it. */
    public Pause pauseNextFindById(long id) {
        Pause pause = new Pause();
        findPauses.put(id, pause);
        return pause;
    }

    /** The next {@link #findByHash} of {@code hash} reads the row, then stops until released, then returns it. */
    public Pause pauseNextFindByHash(SecretHash hash) {
        Pause pause = new Pause();
        hashPauses.put(hash, pause);
        return pause;
    }

    @Override
    public ApiKey insert(ApiKeyDraft draft) {
        long id = ids.incrementAndGet();
        ApiKey key = new ApiKey(id, draft.keyHash(), draft.maskedKey(), draft.customer(), draft.maxDevices(),
                draft.rateLimitPerHour(), true, draft.createdAt(), draft.createdAt());
        rows.put(id, key);
        return key;
    }

    @Override
    public Optional<ApiKey> findById(long id) {
        Optional<ApiKey> read = Optional.ofNullable(rows.get(id));
        Pause pause = findPauses.remove(id);
        if (pause != null) {
            pause.hold();
        }
        return read;
    }

    @Override
    public Optional<ApiKey> findByHash(SecretHash hash) {
        Optional<ApiKey> read = rows.values().stream().filter(k -> k.keyHash().equals(hash)).findFirst();
        Pause pause = hashPauses.remove(hash);
        if (pause != null) {
            pause.hold();
        }
        return read;
    }

    @Override
    public List<ApiKeyListing> listWithDeviceCounts() {
        return rows.values().stream().sorted(Comparator.comparing(ApiKey::createdAt).reversed())
                .map(k -> new ApiKeyListing(k, devices.listByApiKey(k.id()).size())).toList();
    }

    @Override
    public boolean update(ApiKey key) {
        return rows.replace(key.id(), key) != null;
    }

    @Override
    public boolean delete(long id) {
        if (rows.remove(id) == null) {
            return false;
        }
        devices.deleteOfKey(id);
        return true;
    }

    @Override
    public ApiKeyCounts counts() {
        return new ApiKeyCounts(rows.size(), rows.values().stream().filter(ApiKey::active).count());
    }
}
