import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One phase's answers as they come in from its sending threads: the latency and message id of each accepted send,
 * and the refused ones counted by reason. Owner: the phase; the lock makes each record one step (held for an array
 * store, never around I/O).
 */
final class SendTally {

    private final ReentrantLock lock = new ReentrantLock();
    private final long origin;
    private long[] latencies = new long[4096];
    /** Each accepted send's start, whole seconds after {@link #origin}, beside its latency. */
    private int[] startSeconds = new int[4096];
    private int accepted;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> refusals = new TreeMap<>();

    /** A tally whose sends' starts are counted in seconds from {@code origin} (a {@link System#nanoTime()}). */
    SendTally(long origin) {
        this.origin = origin;
    }

    /** Records one send's answer, {@code tookNanos} after its start. */
    void record(SendAnswer answer, long tookNanos) {
        lock.lock();
        try {
            switch (answer) {
                case SendAnswer.Accepted(String id) -> {
                    if (accepted == latencies.length) {
                        latencies = Arrays.copyOf(latencies, accepted * 2);
                        startSeconds = Arrays.copyOf(startSeconds, accepted * 2);
                    }
                    long start = System.nanoTime() - tookNanos;
                    startSeconds[accepted] = (int) Math.max(0, (start - origin) / 1_000_000_000L);
                    latencies[accepted++] = tookNanos;
                    ids.add(id);
                }
                case SendAnswer.Refused(String reason) -> refusals.merge(reason, 1, Integer::sum);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The accepted sends' latencies, sorted; read once the phase's threads are done. */
    long[] sortedLatencies() {
        lock.lock();
        try {
            long[] sorted = Arrays.copyOf(latencies, accepted);
            Arrays.sort(sorted);
            return sorted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Each second's p99 and the sends that took over {@code slowMillis}, by the second the sends started in: whether
     * a phase's tail is one stall (a pause, the previous phase's backlog) or spread over it.
     */
    String tailBySecond(int slowMillis) {
        long[][] bySecond = bySecond(slowMillis);
        StringBuilder p99 = new StringBuilder();
        StringBuilder slow = new StringBuilder();
        for (int s = 0; s < bySecond[0].length; s++) {
            p99.append(' ').append(Math.round(bySecond[0][s] / 1e6));
            slow.append(' ').append(bySecond[1][s]);
        }
        return "p99 ms by second:" + p99 + "; sends over " + slowMillis + " ms by second:" + slow;
    }

    /** {each second's p99 in ns, each second's sends over {@code slowMillis}}, by the second the sends started in. */
    long[][] bySecond(int slowMillis) {
        lock.lock();
        try {
            int seconds = 0;
            for (int i = 0; i < accepted; i++) {
                seconds = Math.max(seconds, startSeconds[i] + 1);
            }
            List<List<Long>> bySecond = new ArrayList<>();
            for (int s = 0; s < seconds; s++) {
                bySecond.add(new ArrayList<>());
            }
            for (int i = 0; i < accepted; i++) {
                bySecond.get(startSeconds[i]).add(latencies[i]);
            }
            long[][] figures = new long[2][seconds];
            for (int s = 0; s < seconds; s++) {
                List<Long> second = bySecond.get(s);
                second.sort(null);
                figures[0][s] = second.isEmpty() ? 0 : second.get((int) Math.min(second.size() - 1,
                        Math.ceil(second.size() * 0.99) - 1));
                figures[1][s] = second.stream().filter(took -> took > slowMillis * 1_000_000L).count();
            }
            return figures;
        } finally {
            lock.unlock();
        }
    }

    List<String> ids() {
        lock.lock();
        try {
            return List.copyOf(ids);
        } finally {
            lock.unlock();
        }
    }

    /** Refused sends by reason ({@code status 503}, an exception, a malformed answer). */
    Map<String, Integer> refusals() {
        lock.lock();
        try {
            return new TreeMap<>(refusals);
        } finally {
            lock.unlock();
        }
    }
}
