package dev.wagateway.protocol.history;

/**
 * How much of a history sync is held at once and how much is read at all: the inflated blob is read as a stream and
 * never exceeds {@code maxInflatedBytes}; one conversation record is at most {@code maxConversationBytes}; events
 * go out in batches of about {@code batchMessages} messages (a bigger conversation is split).
 */
public record HistoryLimits(long maxInflatedBytes, int maxConversationBytes, int batchMessages, int batchPushNames) {

    /**
     * 512 MiB inflated (an account's whole history with media references stays far below), 64 MiB per
     * conversation, 500 messages or 1,000 push names per event.
     */
    public static final HistoryLimits DEFAULT = new HistoryLimits(512L << 20, 64 << 20, 500, 1_000);

    /** Checks the bounds. */
    public HistoryLimits {
        if (maxInflatedBytes <= 0 || maxConversationBytes <= 0 || batchMessages <= 0 || batchPushNames <= 0) {
            throw new IllegalArgumentException("history limits must be positive");
        }
    }
}
