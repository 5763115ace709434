package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.RequestTimeoutException;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.event.WaEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Pings the server on one socket (protocol §13.4): {@code <iq xmlns="w:p" type="get">} after a random pause in the
 * configured range. A ping unanswered by its deadline is a failure, not yet a death: as whatsmeow's keepalive loop,
 * the connection is declared dead only when pings have kept failing for longer than the tolerance since the last
 * answered one (a slow server or a busy phone line is not a lost connection). Each failure is reported
 * ({@link WaEvent.KeepaliveTimeout}), and the first answer after failures too ({@link WaEvent.KeepaliveRestored}).
 */
public final class Keepalive {

    private final ServerChannel channel;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final WaClientConfig config;
    private final Runnable dead;
    private final Consumer<WaEvent> events;
    private final Clock clock;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;
    private volatile long lastSuccessNanos = System.nanoTime();
    private volatile Instant lastSuccess;
    /** Pings failed since the last answered one; touched by one ping at a time. */
    private volatile int failures;

    /**
     * @param dead   called (once) when pings have failed for longer than the tolerance
     * @param events where the timeouts and the recovery are reported
     */
    public Keepalive(ServerChannel channel, ScheduledExecutorService scheduler, RandomGenerator random,
                     Clock clock, WaClientConfig config, Runnable dead, Consumer<WaEvent> events) {
        this.channel = channel;
        this.scheduler = scheduler;
        this.random = random;
        this.clock = clock;
        this.config = config;
        this.dead = dead;
        this.events = events;
    }

    public void start() {
        lastSuccessNanos = System.nanoTime();
        lastSuccess = clock.instant();
        scheduleNext();
    }

    public void stop() {
        stopped.set(true);
        ScheduledFuture<?> current = timer;
        if (current != null) {
            current.cancel(false);
        }
    }

    private void scheduleNext() {
        if (stopped.get()) {
            return;
        }
        long min = config.keepaliveMin().toMillis();
        long pause = min + random.nextLong(config.keepaliveMax().toMillis() - min + 1);
        timer = scheduler.schedule(() -> Thread.ofVirtual().start(this::ping), pause, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (stopped.get()) {
            return;
        }
        Duration deadline = config.keepaliveDeadline();
        channel.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "w:p").build(), deadline).whenComplete((answer, error) -> {
                    if (error == null) {
                        lastSuccessNanos = System.nanoTime();
                        lastSuccess = clock.instant();
                        if (failures > 0 && !stopped.get()) {
                            failures = 0;
                            events.accept(new WaEvent.KeepaliveRestored());
                        }
                        scheduleNext();
                    } else if (!stopped.get() && Causes.root(error) instanceof RequestTimeoutException) {
                        failures++;
                        events.accept(new WaEvent.KeepaliveTimeout(failures, lastSuccess));
                        if (System.nanoTime() - lastSuccessNanos > config.keepaliveTolerance().toNanos()) {
                            dead.run();
                        } else {
                            scheduleNext();
                        }
                    }
                });
    }
}
