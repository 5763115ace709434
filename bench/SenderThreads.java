import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads one phase sends on: platform threads for the raw client's blocking sockets (a read is one system call),
 * virtual ones for the JDK client. A platform thread adds its own CPU time as it ends, so the load client's CPU splits
 * into its sending threads' and the rest of its JVM's (compiler, GC, the readings); the JVM cannot tell a virtual
 * thread's CPU time. Owner: the phase that made it.
 */
final class SenderThreads implements ThreadFactory {

    private final boolean platform;
    private final ThreadFactory factory;
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final LongAdder cpuNanos = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Thread> started = new ArrayList<>();

    SenderThreads(boolean platform) {
        this.platform = platform;
        this.factory = platform ? Thread.ofPlatform().name("load-", 0).factory()
                : Thread.ofVirtual().name("load-", 0).factory();
    }

    @Override
    public Thread newThread(Runnable work) {
        if (!platform) {
            return factory.newThread(work);
        }
        Thread thread = factory.newThread(() -> {
            try {
                work.run();
            } finally {
                cpuNanos.add(cpu.getCurrentThreadCpuTime());
            }
        });
        lock.lock();
        try {
            started.add(thread);
        } finally {
            lock.unlock();
        }
        return thread;
    }

    /**
     * The CPU time of every thread made, once all have ended (call after the executor's close: its threads report
     * as they exit, a moment after it counts them done); -1 for virtual threads.
     */
    long cpuNanosOnceEnded() throws InterruptedException {
        if (!platform) {
            return -1;
        }
        List<Thread> threads;
        lock.lock();
        try {
            threads = List.copyOf(started);
        } finally {
            lock.unlock();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return cpuNanos.sum();
    }
}
