package dev.wagateway.core.quota;

import java.time.Instant;

/** What the hourly quota of a device's API key says about one more send. */
public sealed interface QuotaDecision {

    /** The send is counted; {@code remaining} more fit in the window now. */
    record Admitted(int limit, int remaining) implements QuotaDecision {
    }

    /** The quota is used up: nothing was counted; the oldest counted send leaves the window at {@code freesAt}. */
    record Exhausted(int limit, Instant freesAt) implements QuotaDecision {
    }

    /** The device (or its key) no longer exists: nothing to count against. */
    record NoKey() implements QuotaDecision {
    }
}
