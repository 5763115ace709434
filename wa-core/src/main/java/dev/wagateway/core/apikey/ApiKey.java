package dev.wagateway.core.apikey;

import dev.wagateway.core.secret.SecretHash;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer's API key. The key itself is never stored: only its hash and its masked form.
 *
 * @param id               the numeric id (admin routes)
 * @param keyHash          SHA-256 of the key
 * @param maskedKey        first 8 characters, {@code ...}, last 4
 * @param customer         who owns it
 * @param maxDevices       how many devices it may create
 * @param rateLimitPerHour sends per rolling hour across the key's devices, enforced by
 *                         {@link dev.wagateway.core.quota.SendQuota} (the original only stored it, api.md §3.2)
 * @param active           inactive keys authenticate nothing, and their devices' tokens are refused
 */
public record ApiKey(long id, SecretHash keyHash, String maskedKey, Customer customer, int maxDevices,
                     int rateLimitPerHour, boolean active, Instant createdAt, Instant updatedAt) {

    /** Checks presence. */
    public ApiKey {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(maskedKey, "maskedKey");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The display form of {@code key}: its first 8 characters, {@code ...}, its last 4. */
    public static String mask(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "..." + key.substring(key.length() - 4);
    }
}
