package dev.wagateway.core.session;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.store.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeping the devices this node holds running, for the {@link SessionManager}: one restore attempt (the boot
 * restore and a lease just taken), one reconnect of the admin's reconnect-all, the periodic recovery, and the stop
 * of a device whose lease is lost or given up. Each step is under the device's lock; only held devices get a client.
 */
final class HeldSessions {

    private static final Logger log = LoggerFactory.getLogger(HeldSessions.class);

    private final SessionTable table;
    private final ProtocolStoreFactory stores;
    private final DeviceRepository devices;
    private final DeviceCalls calls;
    private final Duration attemptTimeout;
    private final Clock clock;

    /**
     * @param attemptTimeout how long one attempt may take: dialling and the handshake, then the login's answer
     */
    HeldSessions(SessionTable table, ProtocolStoreFactory stores, DeviceRepository devices, DeviceCalls calls,
                 Duration attemptTimeout, Clock clock) {
        this.table = table;
        this.stores = stores;
        this.devices = devices;
        this.calls = calls;
        this.attemptTimeout = attemptTimeout;
        this.clock = clock;
    }

    /** One attempt, under the device's lock until the client started; the wait for its outcome is outside it. */
    AttemptOutcome restoreAttempt(Device device) {
        ConnectAttempt attempt;
        ReentrantLock lock = table.lockOf(device.id());
        lock.lock();
        try {
            if (!table.ownership().holds(device.id())) {
                return new AttemptOutcome.LoggedOut("its lease is no longer held by this node");
            }
            DeviceSession session = table.get(device.id());
            if (session == null) {
                DeviceStore store = stores.open(device.id());
                if (store.pairedDevice().isEmpty()) {
                    devices.updateStatus(device.id(), DeviceStatus.LOGGED_OUT, clock.instant());
                    return new AttemptOutcome.LoggedOut("no session in the store");
                }
                session = table.open(device.id(), store);
            } else if (!session.paired()) {
                return new AttemptOutcome.LoggedOut("a new login replaced the stored session");
            }
            attempt = ConnectAttempt.start(session.client(), calls);
        } finally {
            lock.unlock();
        }
        return attempt.await(attemptTimeout);
    }

    /** Reconnects one device for the reconnect-all unless it is healthy or never paired. */
    ReconnectOutcome reconnectOne(Device device) {
        if (!device.everPaired()) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.SKIPPED,
                    Optional.of("Device never logged in"));
        }
        if (table.liveStatus(device.id()).healthy()) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.ALREADY_CONNECTED, Optional.empty());
        }
        if (!table.ownership().acquire(device.id())) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.SKIPPED,
                    Optional.of("runs on another gateway node"));
        }
        ConnectAttempt attempt = table.withDeviceLock(device.id(), () -> {
            if (!table.ownership().holds(device.id())) {
                return null; // given back or lost since the lease was taken: the stop came first
            }
            DeviceSession session = table.get(device.id());
            if (session == null) {
                DeviceStore store = stores.open(device.id());
                if (store.pairedDevice().isEmpty()) {
                    throw new SessionUnavailableException(SessionUnavailableException.NEVER_PAIRED);
                }
                session = table.open(device.id(), store);
            } else {
                session.client().disconnect(); // one attempt now, not the next of its own retries
            }
            return ConnectAttempt.start(session.client(), calls);
        });
        if (attempt == null) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.SKIPPED,
                    Optional.of("runs on another gateway node"));
        }
        return switch (attempt.await(attemptTimeout)) {
            case AttemptOutcome.Connected connected ->
                    new ReconnectOutcome(device, ReconnectOutcome.Result.RECONNECTED, Optional.empty());
            case AttemptOutcome.Failed failed -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("not connected: " + failed.reason()));
            case AttemptOutcome.LoggedOut loggedOut -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("logged out: " + loggedOut.reason()));
            case AttemptOutcome.Replaced replaced -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("replaced by another connection"));
        };
    }

    /** The periodic recovery; see {@link SessionManager#recover()}. */
    int recover() {
        int started = 0;
        for (Device device : devices.listRestorable()) {
            if (!table.ownership().holds(device.id())) {
                continue; // another node runs it
            }
            ReentrantLock lock = table.lockOf(device.id());
            lock.lock();
            try {
                if (!table.ownership().holds(device.id())) {
                    // given back or lost while this pass waited for the lock (the stop held it): opening it now
                    // would run it beside its next holder, which WhatsApp ends with a conflict
                    continue;
                }
                DeviceSession session = table.get(device.id());
                if (session == null) {
                    DeviceStore store = stores.open(device.id());
                    if (store.pairedDevice().isEmpty()) {
                        devices.updateStatus(device.id(), DeviceStatus.LOGGED_OUT, clock.instant());
                        continue;
                    }
                    session = table.open(device.id(), store);
                }
                ClientState state = session.client().state();
                if (state == ClientState.DISCONNECTED) {
                    session.client().connect(); // a no-op for a client already between its own retries
                    started++;
                }
            } catch (RuntimeException e) {
                log.warn("device {}: recovery failed: {}", device.id(), e.getMessage());
            } finally {
                lock.unlock();
            }
        }
        return started;
    }

    /**
     * Stops the device's client at once and forgets it, keeping its stored credentials. The lease keeper calls it
     * once the device left its held set, so an open waiting for the device's lock finds it no longer held.
     */
    void stop(UUID deviceId) {
        table.withDeviceLock(deviceId, () -> {
            table.handedOver(deviceId);
            DeviceSession session = table.remove(deviceId);
            if (session != null) {
                session.client().close();
            }
            return null;
        });
    }

    /** {@link #stop} for each device, one failure stopping none of the others. */
    void stopEach(Collection<UUID> deviceIds) {
        for (UUID deviceId : deviceIds) {
            try {
                stop(deviceId);
            } catch (RuntimeException e) {
                log.warn("device {}: stopping its session failed: {}", deviceId, e.getMessage());
            }
        }
    }

    /** What the device's live client says. */
    LiveStatus liveStatus(UUID deviceId) {
        return table.liveStatus(deviceId);
    }
}
