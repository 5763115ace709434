package dev.wagateway.protocol.client;

import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.protocol.proxy.ProxyTunnel;
import dev.wagateway.protocol.transport.FrameDialer;
import dev.wagateway.protocol.transport.TunnelFrameDialer;
import dev.wagateway.protocol.transport.WebSocketFrameDialer;
import dev.wagateway.protocol.version.WebVersions;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What every client of a process shares: one dialer (one {@link HttpClient}), one timer thread, one random source
 * and the clock. Timer tasks only hand work to virtual threads, so one timer serves thousands of clients.
 *
 * @param dialer    opens the chat connections
 * @param scheduler runs timeouts, keepalives, QR rotation and reconnect delays
 * @param random    key generation, ids, padding, jitter
 * @param clock     timestamps and certificate validity
 * @param versions  the web version every client announces, refreshed from WhatsApp's page
 * @param counters  protocol happenings counted over every client (for metrics)
 */
public record WaClientRuntime(FrameDialer dialer, ScheduledExecutorService scheduler, SecureRandom random,
                              Clock clock, WebVersions versions, ProtocolCounters counters) implements AutoCloseable {

    /** Largest frame accepted from the server. */
    public static final int MAX_FRAME_SIZE = 16 << 20;

    /** Checks presence. */
    public WaClientRuntime {
        Objects.requireNonNull(dialer, "dialer");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(counters, "counters");
    }

    /**
     * The dialer for a client: the shared one for direct connections, or one through {@code proxy} (a websocket
     * spoken over the proxy's tunnel, since the JDK's client cannot use SOCKS5 or authenticate a tunnel).
     */
    public FrameDialer dialer(Optional<ProxySettings> proxy) {
        return proxy.<FrameDialer>map(through -> TunnelFrameDialer.withDefaultTrust(new ProxyTunnel(through),
                MAX_FRAME_SIZE, random)).orElse(dialer);
    }

    /** A runtime with counters of its own. */
    public WaClientRuntime(FrameDialer dialer, ScheduledExecutorService scheduler, SecureRandom random, Clock clock,
                           WebVersions versions) {
        this(dialer, scheduler, random, clock, versions, new ProtocolCounters());
    }

    /** A runtime whose clients announce their configured web version and stop when it is refused. */
    public WaClientRuntime(FrameDialer dialer, ScheduledExecutorService scheduler, SecureRandom random, Clock clock) {
        this(dialer, scheduler, random, clock, WebVersions.pinned());
    }

    /** A runtime with a websocket dialer over {@code httpClient} and one daemon timer thread. */
    public static WaClientRuntime create(HttpClient httpClient) {
        return create(httpClient, WebVersions.pinned());
    }

    /** {@link #create(HttpClient)} with clients announcing the version {@code versions} keeps current. */
    public static WaClientRuntime create(HttpClient httpClient, WebVersions versions) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("wa-client-timer").factory());
        // Every answered request cancels its timeout; without this the cancelled tasks (and the requests they
        // reference) would stay queued until their deadline, per client.
        scheduler.setRemoveOnCancelPolicy(true);
        return new WaClientRuntime(new WebSocketFrameDialer(httpClient, MAX_FRAME_SIZE), scheduler,
                SecureRandoms.create(), Clock.systemUTC(), versions);
    }

    /** Stops the timer (the clients using this runtime must be closed first). */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
