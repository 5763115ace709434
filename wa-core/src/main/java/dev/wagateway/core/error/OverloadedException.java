package dev.wagateway.core.error;

/**
 * The gateway as a whole has as much work in progress as it takes (a cap across all devices and customers, not
 * this caller's limit): the request was refused before anything was done, and the same request may succeed after
 * {@link #retryAfterSeconds()} (503 with {@code Retry-After}).
 */
public final class OverloadedException extends GatewayException {

    private final long retryAfterSeconds;

    /** @param retryAfterSeconds when trying again may succeed, at least 1 */
    public OverloadedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds for a {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
