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
     * (so each leaves the window no earlier than it would alone); one that made none is forgotten. A settlement may
     * be lost in a crash (it need not wait for the disk): the reservation then goes on counting in full, which can
     * refuse a key early but never admits too many.
     */
    void settle(long id, int used, Instant lastUse);

    /**
     * {@link #settle Settles} reservation {@code settled} and {@link #reserve reserves} the next block for
     * {@code deviceId}, atomically and in one round trip: what the settled block did not use is free for the new one.
     * A key sending about once per reservation's life would otherwise pay a settlement and a reservation per send.
     */
    QuotaReservation renew(Settlement settled, UUID deviceId, Instant now, Duration window, int wanted);

    /** What a reservation really made: {@code used} sends, the last at {@code lastUse}. */
    record Settlement(long id, int used, Instant lastUse) {
    }
}
