package dev.wagateway.protocol.noise;

/** The Noise handshake with the server failed; {@link #failure()} says why, the message says how. */
public final class NoiseHandshakeException extends Exception {

    /** Why a handshake fails. */
    public enum Failure {
        /** A handshake message was missing, malformed or of the wrong size. */
        MALFORMED,
        /** A handshake ciphertext did not decrypt: the peer does not hold the keys it claims. */
        DECRYPTION_FAILED,
        /** A certificate's signature does not verify with its issuer's key (or the root key). */
        BAD_SIGNATURE,
        /** A certificate names the wrong issuer serial. */
        WRONG_ISSUER,
        /** A certificate is outside its validity window. */
        EXPIRED,
        /** The leaf certificate's key is not the key the server proved it holds. */
        LEAF_KEY_MISMATCH
    }

    private final Failure failure;

    public NoiseHandshakeException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public NoiseHandshakeException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
