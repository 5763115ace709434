package dev.wagateway.core.apikey;

import dev.wagateway.core.secret.SecretHash;

import java.time.Instant;

/** A key about to be inserted: everything but the id the database assigns. */
public record ApiKeyDraft(SecretHash keyHash, String maskedKey, Customer customer, int maxDevices,
                          int rateLimitPerHour, Instant createdAt) {
}
