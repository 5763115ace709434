package dev.wagateway.core.apikey;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceService;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.secret.SecretGenerator;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.token.TokenVersionCache;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The admin's API key use cases (api.md rows 7–12) and the authentication of {@code X-API-Key}. Deactivating or
 * deleting a key revokes its devices' tokens at once; deleting it also ends and removes its devices.
 */
public final class ApiKeyService {

    /** Devices a key may create when the admin gives no limit. */
    public static final int DEFAULT_MAX_DEVICES = 5;
    /** The stored (unenforced) hourly rate when none is given. */
    public static final int DEFAULT_RATE_LIMIT_PER_HOUR = 1000;

    private final ApiKeyRepository keys;
    private final DeviceRepository devices;
    private final DeviceService deviceService;
    private final TokenVersionCache tokenVersions;
    private final SecretGenerator secrets;
    private final Clock clock;
    /** Authenticated keys by hash; evicted by every change made through this service. */
    private final AuthenticatedKeys authenticated = new AuthenticatedKeys();

    /** Wires the service. */
    public ApiKeyService(ApiKeyRepository keys, DeviceRepository devices, DeviceService deviceService,
                         TokenVersionCache tokenVersions, SecretGenerator secrets, Clock clock) {
        this.keys = keys;
        this.devices = devices;
        this.deviceService = deviceService;
        this.tokenVersions = tokenVersions;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Creates a key; the plaintext is returned this once and never stored. */
    public CreatedApiKey create(ApiKeyRequest request) {
        if (request.customerName() == null || request.customerName().isBlank()) {
            throw new InvalidRequestException("customer_name is required");
        }
        String plaintext = secrets.apiKey();
        int maxDevices = request.maxDevices() == null || request.maxDevices() <= 0 ? DEFAULT_MAX_DEVICES
                : request.maxDevices();
        int rate = request.rateLimitPerHour() == null || request.rateLimitPerHour() <= 0
                ? DEFAULT_RATE_LIMIT_PER_HOUR : request.rateLimitPerHour();
        ApiKey key = keys.insert(new ApiKeyDraft(SecretHash.of(plaintext), ApiKey.mask(plaintext),
                new Customer(request.customerName().strip(), strip(request.customerEmail()),
                        strip(request.customerPhone())), maxDevices, rate, clock.instant()));
        tokenVersions.put(key);
        return new CreatedApiKey(key, plaintext);
    }

    /** Every key with its device count, newest first. */
    public List<ApiKeyListing> list() {
        return keys.listWithDeviceCounts();
    }

    /** One key. */
    public ApiKey get(long id) {
        return keys.findById(id).orElseThrow(() -> new NotFoundException("API key not found"));
    }

    /** The devices of one key, newest first. */
    public List<Device> devicesOf(long id) {
        get(id);
        return devices.listByApiKey(id);
    }

    /** Applies a partial update; deactivation takes effect on the next request of any of its devices. */
    public ApiKey update(long id, ApiKeyChanges changes) {
        ApiKey updated = changes.applyTo(get(id), clock.instant());
        if (!keys.update(updated)) {
            throw new NotFoundException("API key not found");
        }
        tokenVersions.put(updated);
        authenticated.evict(updated.keyHash());
        return updated;
    }

    /** Deletes a key after ending and removing each of its devices (sessions, stores, webhooks, messages). */
    public void delete(long id) {
        ApiKey key = get(id);
        tokenVersions.removeKey(id);
        authenticated.evict(key.keyHash());
        for (Device device : devices.listByApiKey(id)) {
            deviceService.delete(device.id());
        }
        boolean deleted = keys.delete(id);
        authenticated.evict(key.keyHash()); // a request may have cached the key while its devices were removed
        if (!deleted) {
            throw new NotFoundException("API key not found");
        }
    }

    /**
     * The active key {@code plaintext} names.
     *
     * @throws UnauthorizedException {@code Invalid API key} or {@code API key is inactive}
     */
    public ApiKey authenticate(String plaintext) {
        SecretHash hash = SecretHash.of(plaintext);
        Optional<ApiKey> cached = authenticated.get(hash);
        ApiKey key;
        if (cached.isPresent()) {
            key = cached.get();
        } else {
            long stamp = authenticated.stamp();
            Optional<ApiKey> stored = keys.findByHash(hash);
            if (stored.isEmpty()) {
                throw new UnauthorizedException("Invalid API key");
            }
            key = stored.get();
            authenticated.fill(hash, key, stamp);
        }
        // The token cache is the authority on deactivation and deletion, whatever copy this request holds.
        if (!key.active() || !tokenVersions.keyActive(key.id())) {
            throw new UnauthorizedException("API key is inactive");
        }
        return key;
    }

    /** Totals for the statistics. */
    public ApiKeyCounts counts() {
        return keys.counts();
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
