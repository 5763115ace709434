package dev.wagateway.core.apikey;

/**
 * What an admin asks for when creating a key (api.md row 7). Non-positive limits take the defaults.
 *
 * @param maxDevices       {@code null} or ≤ 0 → {@value ApiKeyService#DEFAULT_MAX_DEVICES}
 * @param rateLimitPerHour {@code null} or ≤ 0 → {@value ApiKeyService#DEFAULT_RATE_LIMIT_PER_HOUR}
 */
public record ApiKeyRequest(String customerName, String customerEmail, String customerPhone, Integer maxDevices,
                            Integer rateLimitPerHour) {
}
