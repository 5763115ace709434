package dev.wagateway.protocol.media;

/**
 * A media transfer or check failed. {@link #reason()} says what a caller can do about it: {@link Reason#GONE} asks
 * for a re-upload ({@link MediaRetry}), {@link Reason#INTEGRITY} means the bytes must be discarded, {@link
 * Reason#TOO_LARGE} and {@link Reason#EMPTY} are the caller's input, {@link Reason#UNAVAILABLE} may pass with time.
 */
public final class MediaException extends Exception {

    /** Why a transfer failed. */
    public enum Reason {
        /** The input is empty: WhatsApp has no 0-byte media. */
        EMPTY,
        /** The file (or a download) is larger than the configured maximum. */
        TOO_LARGE,
        /** The downloaded bytes do not match the message: enc hash, MAC, padding or plaintext hash. */
        INTEGRITY,
        /** The media host no longer has the file (HTTP 403, 404 or 410): ask the sender for a re-upload. */
        GONE,
        /** Every host failed (network error, 5xx, refused upload). */
        UNAVAILABLE,
        /** The message or answer lacks what a transfer needs (media key, hashes, direct path, hosts). */
        INVALID
    }

    private final Reason reason;

    /** A failure of kind {@code reason}. */
    public MediaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A failure of kind {@code reason} caused by {@code cause}. */
    public MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }
}
