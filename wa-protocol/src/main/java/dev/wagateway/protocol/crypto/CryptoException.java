package dev.wagateway.protocol.crypto;

/** A cryptographic check failed: a MAC or tag did not match, padding was wrong, a key was malformed. */
public final class CryptoException extends Exception {

    /** A failed check, described by {@code message}. */
    public CryptoException(String message) {
        super(message);
    }

    /** A failed check, with the lower-level failure that revealed it. */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
