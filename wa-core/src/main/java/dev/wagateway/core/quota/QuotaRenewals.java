package dev.wagateway.core.quota;

import dev.wagateway.core.groupcommit.GroupCommitQueue;

import java.util.Comparator;
import java.util.List;

/**
 * Group commit of the quota's block reservations: the reservations of different keys that wait at the same moment
 * share one transaction, one WAL flush, on one connection ({@link GroupCommitQueue}). Keys that send at the same
 * moments reserve at the same moments: after a pause, a restart or a campaign's start, hundreds of keys find their
 * blocks expired within one second, and each reservation alone was a transaction holding a pooled connection until its
 * flush, the sends of every other device queueing for the pool behind them (the 1,000-device benchmark's 503s right
 * after a pause, docs/benchmarks.md "the quota's renewal waves").
 *
 * <p>A caller returns once the transaction holding its reservation committed. A batch takes its keys' row locks in
 * key order (any node's batches lock in the same order, so two cannot deadlock); a failing batch is retried one
 * reservation at a time, so a failure stays with its own send. One key has at most one reservation waiting per node
 * ({@link KeyAllowance}'s lock), so a batch never holds the same key twice.
 */
final class QuotaRenewals implements AutoCloseable {

    /** The most reservations one transaction holds. */
    private static final int MAX_BATCH = 128;

    /** A reservation waiting for its batch; {@link #answer} is written by the writer before the caller's wake-up. */
    private static final class Waiting {
        final SendQuotaRepository.Renewal renewal;
        volatile QuotaReservation answer;

        Waiting(SendQuotaRepository.Renewal renewal) {
            this.renewal = renewal;
        }
    }

    private final SendQuotaRepository repository;
    private final GroupCommitQueue<Waiting> queue;

    /** Starts the writer (a virtual thread). */
    QuotaRenewals(SendQuotaRepository repository) {
        this.repository = repository;
        this.queue = new GroupCommitQueue<>("quota", MAX_BATCH, this::write);
    }

    /** Settles (if given) and reserves as {@code renewal} says, in a transaction shared with others waiting. */
    QuotaReservation reserve(SendQuotaRepository.Renewal renewal) {
        Waiting waiting = new Waiting(renewal);
        queue.submitAndWait(waiting);
        return waiting.answer;
    }

    private void write(List<Waiting> batch) {
        List<Waiting> inKeyOrder = batch.stream()
                .sorted(Comparator.comparingInt(waiting -> waiting.renewal.keyId())).toList();
        List<QuotaReservation> answers = repository.renewAll(inKeyOrder.stream().map(w -> w.renewal).toList());
        if (answers.size() != inKeyOrder.size()) {
            throw new IllegalStateException("the store answered " + answers.size() + " of " + inKeyOrder.size()
                    + " reservations");
        }
        for (int i = 0; i < answers.size(); i++) {
            inKeyOrder.get(i).answer = answers.get(i);
        }
    }

    /** Stops the writer once it wrote what was queued; later reservations fail at once. */
    @Override
    public void close() {
        queue.close();
    }
}
