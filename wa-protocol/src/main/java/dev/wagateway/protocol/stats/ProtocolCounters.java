package dev.wagateway.protocol.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of protocol happenings that are no event of their own, summed over every client of a runtime, for an
 * embedding application's metrics (the gateway exports them to Prometheus). Features count through
 * {@code ClientContext.counters()}; readers only read. Thread-safe and cheap: one {@link LongAdder} each.
 */
public final class ProtocolCounters {

    private final LongAdder retryReceiptsResent = new LongAdder();
    private final LongAdder retryReceiptsUnanswerable = new LongAdder();
    private final LongAdder retryReceiptsFailed = new LongAdder();
    private final LongAdder ratchetCommits = new LongAdder();
    private final LongAdder ratchetCommitSends = new LongAdder();

    /** A retry receipt came and the message went out again with a fresh session. */
    public void retryResent() {
        retryReceiptsResent.increment();
    }

    /** A retry receipt came for a message no longer (or never) kept for resending. */
    public void retryUnanswerable() {
        retryReceiptsUnanswerable.increment();
    }

    /** A retry receipt came and resending failed. */
    public void retryFailed() {
        retryReceiptsFailed.increment();
    }

    /** Retry receipts answered by sending the message again. */
    public long retryReceiptsResent() {
        return retryReceiptsResent.sum();
    }

    /** Retry receipts for messages that were not kept for resending. */
    public long retryReceiptsUnanswerable() {
        return retryReceiptsUnanswerable.sum();
    }

    /** Retry receipts whose resend failed. */
    public long retryReceiptsFailed() {
        return retryReceiptsFailed.sum();
    }

    /** A batch of {@code sends} concurrent 1:1 sends of one device had its ratchet steps saved in one commit. */
    public void ratchetBatch(int sends) {
        ratchetCommits.increment();
        ratchetCommitSends.add(sends);
    }

    /** Ratchet commits of combined 1:1 sends (one per batch); sends per commit = {@link #ratchetCommitSends} / this. */
    public long ratchetCommits() {
        return ratchetCommits.sum();
    }

    /** The 1:1 send encryptions those commits saved. */
    public long ratchetCommitSends() {
        return ratchetCommitSends.sum();
    }
}
