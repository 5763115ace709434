package dev.wagateway.protocol.signal.ratchet;

/** Bounds that keep a session's state (and the work one message can cause) finite; the values are libsignal's. */
public final class RatchetLimits {

    /**
     * How far ahead of its chain a message may be, and how many skipped message keys one chain keeps (the oldest are
     * dropped first).
     */
    public static final int MAX_SKIPPED_KEYS = 2000;
    /** Receiving chains kept per session state (one per ratchet key of the peer); the oldest are dropped first. */
    public static final int MAX_RECEIVER_CHAINS = 5;
    /** Archived (previous) session states kept per address; the oldest are dropped first. */
    public static final int MAX_ARCHIVED_STATES = 40;

    private RatchetLimits() {
    }
}
