package dev.wagateway.core.device;

import dev.wagateway.core.secret.SecretHash;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A WhatsApp account slot of a customer.
 *
 * @param id           the public device id
 * @param apiKeyId     the owning API key
 * @param secretHash   SHA-256 of the device secret (token regeneration)
 * @param name         a label, empty when not given
 * @param jwtVersion   tokens carrying another version are revoked
 * @param whatsAppJid  the companion JID (with device number) once paired; kept after logout
 * @param lastActiveAt the last status change or token regeneration
 */
public record Device(UUID id, long apiKeyId, SecretHash secretHash, String name, int jwtVersion,
                     Optional<String> whatsAppJid, DeviceStatus status, Instant createdAt,
                     Optional<Instant> lastActiveAt) {

    /** Checks presence. */
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(whatsAppJid, "whatsAppJid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
    }

    /** Whether the device ever paired (it has a WhatsApp JID). */
    public boolean everPaired() {
        return whatsAppJid.isPresent();
    }
}
