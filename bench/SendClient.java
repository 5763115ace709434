/**
 * How the measured phases of {@code bench/SendLoad.java} send one message to the sink as device {@code device}:
 * {@link RawHttpSender} (pre-rendered HTTP/1.1 on plain sockets, the default: the load client should not spend the
 * CPU it measures) or {@link JdkSendClient} (the JDK HttpClient, the harness before 2026-12-06 14:00, kept for
 * A/B runs with {@code client=jdk}).
 *
 * <p>Called from many threads at once; each implementation owns its connections.
 */
interface SendClient extends AutoCloseable {

    /** Sends one text message as device {@code device}; never throws, every failure is a {@link SendAnswer.Refused}. */
    SendAnswer send(int device, long startNanos);

    /** Whether the saturation loops should run on platform threads (blocking sockets) or virtual threads. */
    boolean platformThreads();

    @Override
    void close();
}
