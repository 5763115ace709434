package dev.wagateway.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a device token says (api.md §3.3): it never expires; {@code version} must equal the device's current token
 * version for the token to be accepted.
 *
 * @param jid the WhatsApp JID at issue time, empty before pairing; informational only
 */
public record DeviceClaims(UUID deviceId, long apiKeyId, String jid, int version, Instant issuedAt) {

    /** Checks presence. */
    public DeviceClaims {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        jid = jid == null ? "" : jid;
    }
}
