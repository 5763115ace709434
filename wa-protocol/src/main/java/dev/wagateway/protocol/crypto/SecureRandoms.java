package dev.wagateway.protocol.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Where the protocol's randomness comes from. */
public final class SecureRandoms {

    private SecureRandoms() {
    }

    /** A strong generator that never blocks waiting for entropy after start (the OS's non-blocking source). */
    public static SecureRandom create() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // platforms without /dev/urandom: the JDK's default strong generator
        }
    }
}
