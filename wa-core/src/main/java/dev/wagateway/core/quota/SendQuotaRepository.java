package dev.wagateway.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
     * For each renewal in turn, in one transaction that waits for the disk: {@link #settle settles} its
     * {@code settled} block if it has one and {@link #reserve reserves} the next block for its device, the settlement
     * first (what the settled block did not use is free for the new one). The answers come in the renewals' order.
     * Renewals of several keys arrive sorted by key, the order the store's row locks must be taken in; a failure
     * rolls back every renewal of the call. A key sending about once per block's life would otherwise pay a
     * settlement and a reservation per send, and keys renewing together a transaction each.
     */
    List<QuotaReservation> renewAll(List<Renewal> renewals);

    /**
     * One key's next block: the {@code settled} one it replaces (if any), {@code wanted} sends for the key of
     * {@code deviceId} ({@code keyId}, as last reserved) counted from {@code now} over {@code window}.
     */
    record Renewal(int keyId, Optional<Settlement> settled, UUID deviceId, Instant now, Duration window,
                   int wanted) {
    }

    /** What a reservation really made: {@code used} sends, the last at {@code lastUse}. */
    record Settlement(long id, int used, Instant lastUse) {
    }
}
