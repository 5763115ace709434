package dev.wagateway.http.server;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The server's threads: Jetty's own work (the acceptor, the selector, its non-blocking tasks) on a small pool of
 * platform threads, and every request (a task that may block) on a virtual thread of its own, through Jetty's
 * virtual-thread support. Javalin's {@code useVirtualThreads} pool instead ran everything as virtual threads, the
 * selector's blocking {@code select} included, and named each new thread through reflection.
 */
public final class RequestThreads {

    /** Jetty leases one acceptor and one selector on 2 cores (4 + 4 at most); the rest run short tasks. */
    private static final int MIN_THREADS = 4;
    private static final int MAX_THREADS = 32;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;

    private RequestThreads() {
    }

    /** A new pool for one server. */
    public static ThreadPool pool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_TIMEOUT_MILLIS);
        pool.setName("jetty");
        ThreadFactory requests = Thread.ofVirtual().name("http-request").factory();
        Executor perRequest = task -> requests.newThread(task).start();
        pool.setVirtualThreadsExecutor(perRequest);
        return pool;
    }
}
