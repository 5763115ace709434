package dev.wagateway.core.error;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A request refused for now because a limit is reached: the device's send queue is full, or the customer's hourly
 * quota is used up. The caller may try again after {@link #retryAfter()}; nothing was sent.
 */
public final class RateLimitedException extends GatewayException {

    /** The contract's wording for a rate-limit refusal (api.md §2.2). */
    public static final String TOO_MANY_REQUESTS = "Too many requests";

    private final Duration retryAfter;
    private final Map<String, String> headers;

    /**
     * @param message    the text shown to the caller
     * @param retryAfter when trying again may succeed
     * @param headers    further answer headers describing the limit (quota, remaining, reset), possibly none
     */
    public RateLimitedException(String message, Duration retryAfter, Map<String, String> headers) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.headers = Map.copyOf(headers);
    }

    /** When trying again may succeed. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Seconds for a {@code Retry-After} header: the wait rounded up, at least 1. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Answer headers describing the limit (names as sent), possibly none. */
    public Map<String, String> headers() {
        return headers;
    }
}
