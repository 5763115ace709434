package dev.wagateway.core.device;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.media.MediaStore;
import dev.wagateway.core.secret.SecretGenerator;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.token.DeviceClaims;
import dev.wagateway.core.token.TokenIssuer;
import dev.wagateway.core.token.TokenVersionCache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Device creation, tokens, lookup and deletion (api.md rows 13–16, §3.4). */
public final class DeviceService {

    private static final Logger log = LoggerFactory.getLogger(DeviceService.class);

    private static final String INVALID_CREDENTIALS = "Invalid device credentials";

    private final DeviceRepository devices;
    private final SessionManager sessions;
    private final TokenIssuer tokens;
    private final TokenVersionCache tokenVersions;
    private final SecretGenerator secrets;
    private final Clock clock;
    private final Optional<MediaStore> media;

    /** Wires the service. */
    public DeviceService(DeviceRepository devices, SessionManager sessions, TokenIssuer tokens,
                         TokenVersionCache tokenVersions, SecretGenerator secrets, Clock clock) {
        this(devices, sessions, tokens, tokenVersions, secrets, clock, Optional.empty());
    }

    /** @param media where received files are kept: a deleted device's go with it */
    public DeviceService(DeviceRepository devices, SessionManager sessions, TokenIssuer tokens,
                         TokenVersionCache tokenVersions, SecretGenerator secrets, Clock clock,
                         Optional<MediaStore> media) {
        this.media = media;
        this.devices = devices;
        this.sessions = sessions;
        this.tokens = tokens;
        this.tokenVersions = tokenVersions;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Creates a device for {@code key} with token version 1.
     *
     * @throws InvalidRequestException {@code Device limit reached} when the key owns {@code max_devices} already
     */
    public CreatedDevice create(ApiKey key, String name) {
        String secret = secrets.deviceSecret();
        Instant now = clock.instant();
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of(secret),
                name == null ? "" : name.strip(), 1, Optional.empty(), DeviceStatus.PENDING, now, Optional.empty());
        if (!devices.insertWithinLimit(device, key.maxDevices())) {
            throw new InvalidRequestException("Device limit reached");
        }
        tokenVersions.put(device);
        String token = tokens.issue(new DeviceClaims(device.id(), key.id(), "", device.jwtVersion(), now));
        return new CreatedDevice(device, secret, token);
    }

    /**
     * Issues a new token and revokes every earlier one (api.md row 15).
     *
     * @throws UnauthorizedException {@code Invalid device credentials} for an unknown or malformed id or a wrong
     *                               secret; {@code API key is inactive}
     */
    public String regenerateToken(String deviceId, String secret) {
        UUID id = parseId(deviceId).orElseThrow(() -> new UnauthorizedException(INVALID_CREDENTIALS));
        Device device = devices.find(id).orElseThrow(() -> new UnauthorizedException(INVALID_CREDENTIALS));
        if (!device.secretHash().matches(secret)) {
            throw new UnauthorizedException(INVALID_CREDENTIALS);
        }
        if (!tokenVersions.keyActive(device.apiKeyId())) {
            throw new UnauthorizedException("API key is inactive");
        }
        Instant now = clock.instant();
        OptionalInt version = devices.incrementJwtVersion(id, now);
        if (version.isEmpty()) {
            throw new UnauthorizedException(INVALID_CREDENTIALS);
        }
        tokenVersions.putVersion(id, device.apiKeyId(), version.getAsInt());
        return tokens.issue(new DeviceClaims(id, device.apiKeyId(), device.whatsAppJid().orElse(""),
                version.getAsInt(), now));
    }

    /** The device, as stored. */
    public Device get(UUID id) {
        return devices.find(id).orElseThrow(() -> new NotFoundException("Device not found"));
    }

    /** Every device with its customer, newest first (admin). */
    public List<DeviceListing> listAll() {
        return devices.listAll();
    }

    /** Totals per status. */
    public DeviceCounts counts() {
        return devices.counts();
    }

    /**
     * Deletes a device: its tokens stop working at once, its WhatsApp session is logged out and its protocol store
     * deleted, its row goes and with it its webhooks, deliveries and messages.
     *
     * @throws NotFoundException {@code Device not found}
     */
    public void delete(UUID id) {
        get(id);
        sessions.requireLease(id); // held by another node: refused before anything changes here
        tokenVersions.removeDevice(id); // a tombstone: no later write or cache fill brings the tokens back
        sessions.discard(id);
        if (!devices.delete(id)) {
            throw new NotFoundException("Device not found");
        }
        media.ifPresent(files -> {
            try {
                files.deleteDevice(id);
            } catch (IOException e) {
                log.warn("device {} deleted, but its media files were not: {}", id, e.getMessage());
            }
        });
    }

    /** The id in {@code text}, empty when it is not a UUID. */
    public static Optional<UUID> parseId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
