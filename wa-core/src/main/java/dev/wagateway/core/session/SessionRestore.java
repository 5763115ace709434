package dev.wagateway.core.session;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.protocol.client.WaClientRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Connecting many devices at once for the {@link SessionManager}: the boot restore of every paired device (with
 * jitter, bounded concurrency and retries) and the admin's reconnect of every unhealthy one. Each device's attempt
 * is the manager's, under that device's lock; this class only schedules them and gathers the outcomes.
 *
 * <p>Owner of the outcomes a restore under way still waits for ({@link #close()} ends them).
 */
final class SessionRestore {

    private static final Logger log = LoggerFactory.getLogger(SessionRestore.class);

    private final HeldSessions sessions;
    private final DeviceRepository devices;
    private final StartupReconnect startup;
    private final WaClientRuntime runtime;
    private final Clock clock;
    private final BooleanSupplier closing;
    private final Map<UUID, CompletableFuture<RestoreResult>> restoring = new ConcurrentHashMap<>();
    /** Devices announced before their restore starts ({@link #expect}). */
    private final Set<UUID> expected = ConcurrentHashMap.newKeySet();

    SessionRestore(HeldSessions sessions, DeviceRepository devices, StartupReconnect startup,
                   WaClientRuntime runtime, Clock clock, BooleanSupplier closing) {
        this.sessions = sessions;
        this.devices = devices;
        this.startup = startup;
        this.runtime = runtime;
        this.clock = clock;
        this.closing = closing;
    }

    /**
     * Restores every device that paired once and was not logged out (api.md §8.8). Each device starts after a random
     * delay of up to {@code jitterMax} (a timer entry, holding nothing), then makes up to {@code attempts} attempts
     * to connect and log in, waiting {@code backoffBase} doubling up to {@code backoffMax}, plus up to 0.5 s, between
     * them. At most {@code concurrency} attempts run at once; a device holds a slot only during an attempt, not while
     * it waits. Outcomes: logged in → active; refused by WhatsApp, or no session in its store → logged out; attempts
     * used up → disconnected, with its client stopped (the recovery job connects it later). Returns when every
     * device has its outcome, or when the manager is closed.
     */
    RestoreReport restoreAll() {
        return restore(devices.listRestorable());
    }

    /** {@link #restoreAll()} for these devices only (those this node just leased). */
    RestoreReport restore(List<Device> restorable) {
        long start = System.nanoTime();
        RestoreSchedule schedule = new RestoreSchedule(startup, runtime.random());
        Semaphore slots = new Semaphore(startup.concurrency());
        List<CompletableFuture<RestoreResult>> results = new ArrayList<>(restorable.size());
        for (Device device : restorable) {
            CompletableFuture<RestoreResult> result = new CompletableFuture<>();
            results.add(result);
            restoring.put(device.id(), result);
            try {
                runtime.scheduler().schedule(() -> Thread.ofVirtual().name("restore-" + device.id()).start(() -> {
                    try {
                        result.complete(closing.getAsBoolean() ? RestoreResult.FAILED
                                : restoreWithRetries(device, schedule, slots));
                    } catch (RuntimeException e) {
                        log.warn("device {}: restore failed", device.id(), e);
                        result.complete(RestoreResult.FAILED);
                    }
                }), schedule.startDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.complete(RestoreResult.FAILED); // the runtime is closed: nothing can connect
            }
        }
        int connected = 0;
        int failed = 0;
        int loggedOut = 0;
        for (CompletableFuture<RestoreResult> result : results) {
            switch (result.join()) {
                case CONNECTED -> connected++;
                case FAILED -> failed++;
                case LOGGED_OUT -> loggedOut++;
            }
        }
        restorable.forEach(device -> restoring.remove(device.id()));
        RestoreReport report = new RestoreReport(connected, failed, loggedOut,
                Duration.ofNanos(System.nanoTime() - start));
        log.info("restored sessions: {} connected, {} not connected, {} logged out, in {} ms",
                report.connected(), report.failed(), report.loggedOut(), report.elapsed().toMillis());
        return report;
    }

    private enum RestoreResult { CONNECTED, FAILED, LOGGED_OUT }

    private RestoreResult restoreWithRetries(Device device, RestoreSchedule schedule, Semaphore slots) {
        for (int attempt = 1; ; attempt++) {
            if (closing.getAsBoolean()) {
                return RestoreResult.FAILED; // the gateway stops: no new client for a manager that is closed
            }
            AttemptOutcome outcome;
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RestoreResult.FAILED;
            }
            try {
                outcome = sessions.restoreAttempt(device);
            } finally {
                slots.release();
            }
            switch (outcome) {
                case AttemptOutcome.Connected connected -> {
                    return RestoreResult.CONNECTED;
                }
                case AttemptOutcome.LoggedOut loggedOut -> {
                    log.info("device {}: not restored, logged out ({})", device.id(), loggedOut.reason());
                    return RestoreResult.LOGGED_OUT;
                }
                case AttemptOutcome.Replaced replaced -> {
                    return RestoreResult.FAILED; // the session events recorded it as disconnected
                }
                case AttemptOutcome.Failed failed -> {
                    if (attempt >= schedule.attempts()) {
                        log.info("device {}: not restored after {} attempts ({}); marked disconnected", device.id(),
                                attempt, failed.reason());
                        devices.updateStatus(device.id(), DeviceStatus.DISCONNECTED, clock.instant());
                        return RestoreResult.FAILED;
                    }
                    sleep(schedule.delayAfterFailure(attempt));
                }
            }
        }
    }

    /**
     * Reconnects every listed device that is not healthy (api.md row 5), at most the startup concurrency at once.
     */
    List<ReconnectOutcome> reconnectAll(List<Device> targets) {
        List<CompletableFuture<ReconnectOutcome>> outcomes = new ArrayList<>(targets.size());
        Semaphore permits = new Semaphore(startup.concurrency());
        for (Device device : targets) {
            CompletableFuture<ReconnectOutcome> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            Thread.ofVirtual().start(() -> {
                try {
                    permits.acquire();
                    try {
                        outcome.complete(sessions.reconnectOne(device));
                    } finally {
                        permits.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome.complete(new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                            Optional.of("interrupted")));
                } catch (RuntimeException e) {
                    outcome.complete(new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                            Optional.of(String.valueOf(e.getMessage()))));
                }
            });
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    /** Whether the device's restore is under way or announced (its session is on its way up). */
    boolean restoring(UUID deviceId) {
        return restoring.containsKey(deviceId) || expected.contains(deviceId);
    }

    /** Devices whose restore is about to start (their leases just taken): {@link #restoring} from now. */
    void expect(Set<UUID> deviceIds) {
        expected.addAll(deviceIds);
    }

    /** The announced devices' restore has its outcomes (or will not run): no longer {@link #restoring} for it. */
    void unexpect(Set<UUID> deviceIds) {
        expected.removeAll(deviceIds);
    }

    /** Ends the waits of a restore under way; a device that logged in just before counts as connected. */
    void close() {
        restoring.forEach((deviceId, result) -> result.complete(sessions.liveStatus(deviceId).healthy()
                ? RestoreResult.CONNECTED : RestoreResult.FAILED));
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
