package dev.wagateway.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hash functions. */
public final class Digests {

    private Digests() {
    }

    /** SHA-256 over the concatenation of {@code parts}. */
    public static byte[] sha256(byte[]... parts) {
        return digest("SHA-256", parts);
    }

    /** SHA-512 over the concatenation of {@code parts}. */
    public static byte[] sha512(byte[]... parts) {
        return digest("SHA-512", parts);
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
