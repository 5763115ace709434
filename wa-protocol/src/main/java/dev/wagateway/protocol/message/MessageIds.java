package dev.wagateway.protocol.message;

import dev.wagateway.protocol.crypto.Digests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Message ids as WhatsApp Web makes them (protocol §7.1): {@code "3EB0" + HEX(SHA256(u64be(seconds) || user@c.us ||
 * 16 random bytes))[0:9]}, 22 uppercase characters.
 */
public final class MessageIds {

    /** The prefix every id of ours starts with. */
    public static final String PREFIX = "3EB0";

    private final SecureRandom random;

    /** @param random the source of the 16 random bytes */
    public MessageIds(SecureRandom random) {
        this.random = random;
    }

    /** A new id for {@code ownUser} (our phone number, no device; empty when not logged in) at {@code epochSecond}. */
    public String next(String ownUser, long epochSecond) {
        byte[] randomBytes = new byte[16];
        random.nextBytes(randomBytes);
        return derive(ownUser, epochSecond, randomBytes);
    }

    /** The id for the given inputs (the deterministic part, for vectors). */
    public static String derive(String ownUser, long epochSecond, byte[] randomBytes) {
        if (randomBytes.length != 16) {
            throw new IllegalArgumentException("16 random bytes are needed");
        }
        byte[] user = ownUser == null || ownUser.isEmpty() ? new byte[0]
                : (ownUser + "@c.us").getBytes(StandardCharsets.US_ASCII);
        byte[] hash = Digests.sha256(ByteBuffer.allocate(8).putLong(epochSecond).array(), user, randomBytes);
        return PREFIX + HexFormat.of().withUpperCase().formatHex(hash, 0, 9);
    }
}
