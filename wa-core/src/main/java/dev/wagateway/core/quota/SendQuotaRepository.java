package dev.wagateway.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The sends counted against each API key's {@code rate_limit_per_hour}, shared by every node of the gateway (the
 * count lives in the database, not in one process), in reservations: blocks of sends a node counts at once and
 * hands out from memory.
 */
public interface SendQuotaRepository {

    /**
     * Reserves up to {@code wanted} sends against the API key of {@code deviceId} if the key's sends counted since
     * {@code now - window} are fewer than its limit (no more than fit), atomically: nodes reserving at once never
     * exceed the limit together. Counted sends older than the window are forgotten.
     */
    QuotaReservation reserve(UUID deviceId, Instant now, Duration window, int wanted);

    /**
     * Settles reservation {@code id}: it now counts the {@code used} sends really made, the last at {@code lastUse}
     * (so each leaves the window no earlier than it would alone); one that made none is forgotten.
     */
    void settle(long id, int used, Instant lastUse);
}
