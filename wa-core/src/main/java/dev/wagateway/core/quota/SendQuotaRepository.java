package dev.wagateway.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The sends counted against each API key's {@code rate_limit_per_hour}, shared by every node of the gateway (the
 * count lives in the database, not in one process).
 */
public interface SendQuotaRepository {

    /**
     * Counts one send of {@code deviceId} against its API key if the key's sends since {@code now - window} are
     * fewer than its limit, atomically (two nodes admitting at once never exceed it); sends older than the window
     * are forgotten.
     */
    QuotaDecision admit(UUID deviceId, Instant now, Duration window);
}
