package dev.wagateway.core.groupcommit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Group commit: callers queue writes, and one writer (a virtual thread) hands all that waits, up to a bound, to a
 * {@link BatchWriter} that applies them in one transaction, so N concurrent writes cost one commit (one WAL flush)
 * instead of N. Each write's future completes only after the transaction holding it committed, or fails with the
 * reason it did not. While one batch commits the next gathers, so a lone write waits for no timer; a queue given a
 * shortest cycle also lets writes that come close behind a batch gather a little longer (at most that cycle).
 *
 * <p>When a batch of several writes fails, each of its writes is tried again in a transaction of its own, in the
 * order they were queued, so only the write at fault fails; {@link #fallbacks()} counts such batches (a healthy
 * system has none: each one is a batch's work done twice). Writes are handed over in the order they were queued;
 * a {@link BatchWriter} that takes row locks must take them in one global order (see its documentation).
 *
 * @param <W> one queued write
 */
public final class GroupCommitQueue<W> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitQueue.class);

    /**
     * Applies a batch of writes in one transaction and commits it before returning; throws when it did not commit
     * (everything it wrote rolled back).
     *
     * <p>Two queues whose writers update the same rows can deadlock when they lock them in different orders, so a
     * writer that updates existing rows updates them in one global order (sorted by their key), whatever order the
     * writes were queued in.
     *
     * @param <W> one queued write
     */
    @FunctionalInterface
    public interface BatchWriter<W> {

        /** Applies and commits {@code batch} (never empty) in one transaction. */
        void write(List<W> batch);
    }

    /** A queued write and its caller's future; {@code write} is null for the stop marker. */
    private record Pending<W>(W write, CompletableFuture<Void> done) {
    }

    private final String name;
    private final int maxBatch;
    private final long cycleNanos;
    private final BatchWriter<W> writer;
    private final LinkedBlockingQueue<Pending<W>> queue = new LinkedBlockingQueue<>();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final Thread writerThread;
    private volatile boolean closed;

    /**
     * Starts the writer thread; each batch is written as soon as the writer is free.
     *
     * @param name     names the thread and the log lines ("receipt", "message")
     * @param maxBatch the most writes one transaction holds
     * @param writer   applies a batch in one transaction
     */
    public GroupCommitQueue(String name, int maxBatch, BatchWriter<W> writer) {
        this(name, maxBatch, Duration.ZERO, writer);
    }

    /**
     * Starts the writer thread with a shortest cycle: a batch starts no sooner than {@code cycle} after the previous
     * one started, gathering what arrives meanwhile (up to {@code maxBatch}). A write that finds the writer idle
     * for at least {@code cycle} goes at once, so a lone write still waits for no timer; only writes that come
     * close behind one another wait, at most {@code cycle}, and share a commit instead of paying one each.
     *
     * @param name     names the thread and the log lines ("receipt", "message")
     * @param maxBatch the most writes one transaction holds
     * @param cycle    the shortest time from one batch's start to the next's; zero for none
     * @param writer   applies a batch in one transaction
     */
    public GroupCommitQueue(String name, int maxBatch, Duration cycle, BatchWriter<W> writer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
        }
        if (cycle == null || cycle.isNegative() || cycle.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the shortest cycle must be from zero to one second: " + cycle);
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.cycleNanos = cycle.toNanos();
        this.writer = writer;
        this.writerThread = Thread.ofVirtual().name(name + "-writer").start(this::run);
    }

    /** Queues {@code write}; the result completes after its transaction committed, or fails with the reason. */
    public CompletableFuture<Void> submit(W write) {
        if (write == null) {
            throw new IllegalArgumentException("write is null");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(closedError());
            return done;
        }
        Pending<W> pending = new Pending<>(write, done);
        queue.add(pending);
        // A close between the check above and the add: the writer may have stopped and made its last drain before
        // this write arrived. Whoever removes it from the queue owns it: this thread (fails it) or the writer.
        if (closed && queue.remove(pending)) {
            done.completeExceptionally(closedError());
        }
        return done;
    }

    /** Queues {@code write} and waits for its commit; rethrows the reason it failed. */
    public void submitAndWait(W write) {
        try {
            submit(write).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How many batches of several writes failed and were retried write by write since the start. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /** How many batches were handed to the writer since the start (each one transaction, retries aside). */
    public long batches() {
        return batches.sum();
    }

    /** How many writes wait for the writer to take them now (not those of the batch being written). */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<W>> drained = new ArrayList<>();
        List<W> writes = new ArrayList<>();
        boolean stopping = false;
        long lastStart = System.nanoTime() - cycleNanos;
        boolean interrupted = false;
        while (!stopping && !interrupted) {
            try {
                drained.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(drained, maxBatch - 1);
            interrupted = gather(drained, lastStart + cycleNanos);
            lastStart = System.nanoTime();
            stopping = drained.removeIf(pending -> pending.write() == null);
            if (!drained.isEmpty()) {
                drained.forEach(pending -> writes.add(pending.write()));
                write(drained, writes);
            }
            drained.clear();
            writes.clear();
        }
        List<Pending<W>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.done().completeExceptionally(closedError()));
    }

    /**
     * Adds what arrives until {@code until} (a {@link System#nanoTime()}), the batch is full or the stop marker came;
     * returns true when an interrupt ended the gathering (the writer then stops once it wrote what it holds: the
     * flag is not set again, as an interrupted virtual thread's socket would close under the batch's statements).
     */
    private boolean gather(List<Pending<W>> drained, long until) {
        if (cycleNanos == 0 || drained.stream().anyMatch(pending -> pending.write() == null)) {
            return false;
        }
        while (drained.size() < maxBatch) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Pending<W> next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return true;
            }
            if (next == null) {
                return false;
            }
            int before = drained.size();
            drained.add(next);
            queue.drainTo(drained, maxBatch - drained.size());
            for (int i = before; i < drained.size(); i++) {
                if (drained.get(i).write() == null) {
                    return false;
                }
            }
        }
        return false;
    }

    private void write(List<Pending<W>> batch, List<W> writes) {
        batches.increment();
        try {
            writer.write(List.copyOf(writes));
            batch.forEach(pending -> pending.done().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            fallbacks.increment();
            log.warn("a batch of {} {} writes failed ({}): each is tried alone", batch.size(), name, e.getMessage());
            for (Pending<W> pending : batch) {
                try {
                    writer.write(List.of(pending.write()));
                    pending.done().complete(null);
                } catch (RuntimeException alone) {
                    pending.done().completeExceptionally(alone);
                }
            }
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the " + name + " writer is closed");
    }

    /** Whether the writer thread has ended (after {@link #close()}). */
    public boolean stopped() {
        return !writerThread.isAlive();
    }

    /**
     * Stops the writer once it wrote what was queued before, and waits for it to end, so that what its owner closes
     * next (the connection pool) is no longer in use; writes queued after fail. Closing again does nothing more.
     */
    @Override
    public void close() {
        closed = true;
        queue.add(new Pending<>(null, new CompletableFuture<>()));
        if (Thread.currentThread() == writerThread) {
            return; // closed by a write of its own: it stops after this batch
        }
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
