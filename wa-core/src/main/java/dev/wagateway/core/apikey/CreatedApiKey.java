package dev.wagateway.core.apikey;

/** A new key with its plaintext: the only moment the full key exists outside the customer's hands. */
public record CreatedApiKey(ApiKey key, String plaintextKey) {
}
