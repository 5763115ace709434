package dev.wagateway.core.quota;

import dev.wagateway.core.error.RateLimitedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's {@code rate_limit_per_hour} (api.md §3.2, enforced here though the original only stored it): the
 * sends of all the devices of one API key in any rolling hour. A send over it is refused with a 429
 * {@code Too many requests}, {@code Retry-After} and the quota in {@code X-RateLimit-*} headers; nothing is sent.
 */
public final class SendQuota {

    /** The rolling window the quota counts in. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private final SendQuotaRepository repository;
    private final Clock clock;

    public SendQuota(SendQuotaRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Counts one send of the device against its key's quota.
     *
     * @throws RateLimitedException the key sent its {@code rate_limit_per_hour} in the last hour
     */
    public void admit(UUID deviceId) {
        Instant now = clock.instant();
        if (repository.admit(deviceId, now, WINDOW) instanceof QuotaDecision.Exhausted(int limit, Instant freesAt)) {
            Duration wait = Duration.between(now, freesAt);
            throw new RateLimitedException(RateLimitedException.TOO_MANY_REQUESTS,
                    wait.isNegative() ? Duration.ZERO : wait,
                    Map.of("X-RateLimit-Limit", Integer.toString(limit), "X-RateLimit-Remaining", "0",
                            "X-RateLimit-Reset", Long.toString(freesAt.getEpochSecond() + 1)));
        }
    }
}
