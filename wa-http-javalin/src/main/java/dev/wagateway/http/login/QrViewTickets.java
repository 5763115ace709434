package dev.wagateway.http.login;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived tickets that let the login page (api.md row 18, {@code output=html}) fetch the rotating QR code
 * without the bearer token, which a browser showing the page does not hold. A ticket names one device, reveals
 * only its current QR code, and expires with the pairing window.
 *
 * <p>A ticket carries its device and expiry, signed (HMAC-SHA256) with a key derived from the JWT secret, so that
 * any gateway node sharing that secret accepts it (docs/scale-out.md: behind a load balancer the page's polls reach
 * any node, which forwards them to the device's holder). Nothing is kept in memory.
 */
public final class QrViewTickets {

    /** The longest pairing window of the real client (first code 60 s, then 20 s each, six codes). */
    public static final Duration LIFETIME = Duration.ofMinutes(3);

    private static final String ALGORITHM = "HmacSHA256";
    /** Device id, expiry in epoch seconds, then the first bytes of the signature. */
    private static final int SIGNED_LENGTH = 16 + 8;
    private static final int MAC_LENGTH = 16;

    private final SecretKeySpec key;
    private final Clock clock;

    /**
     * @param secret the JWT secret every node shares; the ticket key is derived from it, never the secret itself
     * @param clock  expiry
     */
    public QrViewTickets(String secret, Clock clock) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                "wa-gateway login page tickets".getBytes(StandardCharsets.UTF_8)), ALGORITHM);
        this.clock = clock;
    }

    /** A new ticket for {@code deviceId} (lower-case hex). */
    public String issue(UUID deviceId) {
        ByteBuffer signed = ByteBuffer.allocate(SIGNED_LENGTH)
                .putLong(deviceId.getMostSignificantBits()).putLong(deviceId.getLeastSignificantBits())
                .putLong(clock.instant().plus(LIFETIME).getEpochSecond());
        byte[] body = signed.array();
        byte[] ticket = Arrays.copyOf(body, SIGNED_LENGTH + MAC_LENGTH);
        System.arraycopy(hmac(key, body), 0, ticket, SIGNED_LENGTH, MAC_LENGTH);
        return HexFormat.of().formatHex(ticket);
    }

    /** The device of a live ticket with a valid signature. */
    public Optional<UUID> device(String ticket) {
        if (ticket == null || ticket.length() != 2 * (SIGNED_LENGTH + MAC_LENGTH)
                || !ticket.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Optional.empty();
        }
        byte[] raw = HexFormat.of().parseHex(ticket);
        byte[] body = Arrays.copyOf(raw, SIGNED_LENGTH);
        byte[] expected = Arrays.copyOf(hmac(key, body), MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, SIGNED_LENGTH, raw.length))) {
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(body);
        UUID deviceId = new UUID(fields.getLong(), fields.getLong());
        Instant expiresAt = Instant.ofEpochSecond(fields.getLong());
        return expiresAt.isBefore(clock.instant()) ? Optional.empty() : Optional.of(deviceId);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
