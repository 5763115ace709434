package dev.wagateway.core.session;

import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.store.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The ends of a session for the {@link SessionManager}: a logout and a deletion (discard), each unlinking the
 * device at WhatsApp within a bounded wait and clearing its local state whatever WhatsApp answered. The caller has
 * taken the device's lease; each checks again under the device's lock that it still holds it.
 */
final class SessionRemoval {

    private static final Logger log = LoggerFactory.getLogger(SessionRemoval.class);
    private static final Duration LOGOUT_TIMEOUT = Duration.ofSeconds(30);
    /** A deletion waits this long for a device that is not connected to log in, so that it can log out. */
    static final Duration DISCARD_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A deletion waits this long for WhatsApp to confirm the logout. */
    static final Duration DISCARD_LOGOUT_TIMEOUT = Duration.ofSeconds(10);

    private final SessionTable table;
    private final ProtocolStoreFactory stores;
    private final DeviceRepository devices;
    private final DeviceCalls calls;
    private final WaClientRuntime runtime;
    private final Clock clock;

    SessionRemoval(SessionTable table, ProtocolStoreFactory stores, DeviceRepository devices, DeviceCalls calls,
                   WaClientRuntime runtime, Clock clock) {
        this.table = table;
        this.stores = stores;
        this.devices = devices;
        this.calls = calls;
        this.runtime = runtime;
        this.clock = clock;
    }

    void logout(UUID deviceId) {
        table.withDeviceLock(deviceId, () -> {
            table.requireHeldUnderLock(deviceId);
            DeviceSession session = table.requirePaired(deviceId);
            unlink(session, LOGOUT_TIMEOUT);
            devices.updateStatus(deviceId, DeviceStatus.LOGGED_OUT, clock.instant());
            return null;
        });
    }

    void discard(UUID deviceId) {
        table.withDeviceLock(deviceId, () -> {
            table.requireHeldUnderLock(deviceId); // its offline logout would open a client beside the next holder
            DeviceSession session = table.get(deviceId);
            if (session != null && session.paired() && session.client().state() == ClientState.CONNECTED) {
                unlink(session, DISCARD_LOGOUT_TIMEOUT);
            } else {
                if (session != null) {
                    session.client().close();
                    table.remove(deviceId, session);
                }
                DeviceStore store = stores.open(deviceId);
                if (store.pairedDevice().isPresent()) {
                    logOutOffline(deviceId, store);
                }
            }
            stores.open(deviceId).clear();
            return null;
        });
        table.forgetLock(deviceId);
    }

    /**
     * Logs out a paired device that has no connected client, with a client of its own that serves only this: it
     * carries no session listener, so the short login announces nothing and changes no status of a device that is
     * going away.
     */
    private void logOutOffline(UUID deviceId, DeviceStore store) {
        WaClient client = new WaClient(table.configFor(deviceId), runtime, store);
        try {
            AttemptOutcome outcome = ConnectAttempt.start(client, calls).await(DISCARD_CONNECT_TIMEOUT);
            switch (outcome) {
                case AttemptOutcome.Connected connected ->
                        calls.await(client.logout(), "log out", DISCARD_LOGOUT_TIMEOUT);
                case AttemptOutcome.LoggedOut loggedOut ->
                        log.info("device {}: already unlinked at WhatsApp ({})", deviceId, loggedOut.reason());
                case AttemptOutcome.Failed failed -> log.warn("device {}: WhatsApp not reached within {} s to log it "
                        + "out ({}); deleting it locally, it may stay linked at the phone", deviceId,
                        DISCARD_CONNECT_TIMEOUT.toSeconds(), failed.reason());
                case AttemptOutcome.Replaced replaced -> log.warn("device {}: another connection holds its session; "
                        + "deleting it locally without a logout", deviceId);
            }
        } catch (GatewayException e) {
            log.warn("device {}: the logout did not complete ({}); deleting it locally, it may stay linked at the "
                    + "phone", deviceId, e.getMessage());
        } finally {
            client.close();
        }
    }

    private void unlink(DeviceSession session, Duration timeout) {
        session.logoutRequested();
        try {
            calls.await(session.client().logout(), "log out", timeout);
        } catch (GatewayException e) {
            log.info("device {}: logout did not complete ({}); clearing its state locally", session.deviceId(),
                    e.getMessage());
        } finally {
            session.client().close();
            session.store().clear();
            table.remove(session.deviceId(), session);
        }
    }
}
