package dev.wagateway.core.apikey;

/**
 * A partial update of a key (api.md row 10): {@code null}, blank strings and non-positive numbers keep the stored
 * value; {@code active} changes only when present.
 */
public record ApiKeyChanges(String customerName, String customerEmail, String customerPhone, Integer maxDevices,
                            Integer rateLimitPerHour, Boolean active) {

    ApiKey applyTo(ApiKey key, java.time.Instant now) {
        Customer current = key.customer();
        Customer customer = new Customer(pick(customerName, current.name()), pick(customerEmail, current.email()),
                pick(customerPhone, current.phone()));
        return new ApiKey(key.id(), key.keyHash(), key.maskedKey(), customer,
                maxDevices != null && maxDevices > 0 ? maxDevices : key.maxDevices(),
                rateLimitPerHour != null && rateLimitPerHour > 0 ? rateLimitPerHour : key.rateLimitPerHour(),
                active != null ? active : key.active(), key.createdAt(), now);
    }

    private static String pick(String requested, String stored) {
        return requested == null || requested.isBlank() ? stored : requested.strip();
    }
}
