package dev.wagateway.protocol.crypto;

/** A cryptographic check failed: a MAC or tag did not match, padding was wrong, a key was malformed. */
public final class CryptoException extends Exception {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
