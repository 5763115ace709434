package dev.wagateway.core.error;

/**
 * The device is changing hands between gateway nodes (its holder stopped, or another node holds it and cannot take
 * this request): nothing was done, and the same request may succeed after {@link #retryAfterSeconds()} (503).
 */
public final class HandOverException extends GatewayException {

    private final long retryAfterSeconds;

    /** @param retryAfterSeconds when trying again may succeed, at least 1 */
    public HandOverException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds for a {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
