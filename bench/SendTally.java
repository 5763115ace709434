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
    private long[] latencies = new long[4096];
    private int accepted;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> refusals = new TreeMap<>();

    /** Records one send's answer, {@code tookNanos} after its start. */
    void record(SendAnswer answer, long tookNanos) {
        lock.lock();
        try {
            switch (answer) {
                case SendAnswer.Accepted(String id) -> {
                    if (accepted == latencies.length) {
                        latencies = Arrays.copyOf(latencies, accepted * 2);
                    }
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
