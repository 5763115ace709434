package dev.wagateway.core.apikey;

/** A key with the number of devices it owns (all statuses). */
public record ApiKeyListing(ApiKey key, int deviceCount) {
}
