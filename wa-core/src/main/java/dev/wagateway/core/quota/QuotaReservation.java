package dev.wagateway.core.quota;

import java.time.Instant;

/** What the database answered a node asking to reserve sends of an API key's hourly quota. */
public sealed interface QuotaReservation {

    /**
     * {@code granted} sends (at least one) are counted against key {@code keyId} under reservation {@code id}, until
     * it is settled with the number really made.
     */
    record Granted(int keyId, int limit, int granted, long id) implements QuotaReservation {
    }

    /** The quota is used up: nothing was reserved; the oldest counted send that must leave does so at {@code freesAt}. */
    record Exhausted(int keyId, int limit, Instant freesAt) implements QuotaReservation {
    }

    /** The device (or its key) no longer exists: nothing to count against. */
    record NoKey() implements QuotaReservation {
    }
}
