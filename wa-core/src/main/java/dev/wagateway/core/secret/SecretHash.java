package dev.wagateway.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a high-entropy secret (an API key, a device secret): what the database keeps instead of the
 * secret. A salt adds nothing for 112- and 256-bit random secrets, and an unsalted hash allows an indexed lookup.
 */
public final class SecretHash {

    private static final int LENGTH = 32;

    private final byte[] digest;

    private SecretHash(byte[] digest) {
        this.digest = digest;
    }

    /** The hash of {@code secret} (its UTF-8 bytes). */
    public static SecretHash of(String secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            return new SecretHash(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A stored hash, as read back from the database. */
    public static SecretHash fromBytes(byte[] digest) {
        if (digest == null || digest.length != LENGTH) {
            throw new IllegalArgumentException("a secret hash has " + LENGTH + " bytes");
        }
        return new SecretHash(digest.clone());
    }

    /** Whether {@code candidate} hashes to this value, compared in constant time. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, of(candidate).digest);
    }

    /** The 32 digest bytes (a copy). */
    public byte[] bytes() {
        return digest.clone();
    }

    /** The first 4 bytes in hex: enough to correlate log lines, useless to an attacker. */
    public String prefix() {
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretHash that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "SecretHash[" + prefix() + "…]";
    }
}
