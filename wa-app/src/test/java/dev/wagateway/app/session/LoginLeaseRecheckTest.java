package dev.wagateway.app.session;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.session.SessionOwnership;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.wagateway.app.session.SessionFixtures.await;
import static dev.wagateway.app.session.SessionFixtures.device;
import static dev.wagateway.app.session.SessionFixtures.loginByQr;
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static dev.wagateway.app.session.SessionFixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lease window of a login, a reconnect, a logout and a deletion (docs/scale-out.md): each passes its lease check
 * ({@code acquire}), and the device may be given back (rebalancing, a clean stop) before the work takes the device's
 * lock. The ownership here plays that interleaving exactly as the lease keeper does it: right after the lease check
 * answered yes, the device leaves the held set and its session is stopped. The work must then refuse with a
 * hand-over (503) and open nothing: no client in memory, no connection at the sandbox, the stored session intact for
 * the next holder. Before the recheck under the lock, the QR login reopened the paired device from its store beside
 * its next holder (a {@code conflict} at WhatsApp), and the deletion logged it out.
 */
class LoginLeaseRecheckTest {

    private static final String PHONE = "15550919191";

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void workThatPassedItsLeaseCheckJustBeforeAGiveBackOpensNothing() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        GivingBack ownership = new GivingBack();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime();
             SessionManager sessions = sessions(sandbox, runtime, store)) {
            sessions.useOwnership(ownership);
            ownership.stop.set(sessions::stop);
            sandbox.control().createPhone(PHONE, "Shop");
            Device device = device(store, "recheck");
            loginByQr(sandbox, sessions, PHONE, device);
            assertThat(sandbox.control().onlineDeviceCount()).isEqualTo(1);

            ownership.giveBackAtNextCheck(device.id());
            assertThatThrownBy(() -> sessions.startQrLogin(device.id())).isInstanceOf(HandOverException.class);
            assertStoppedAndUntouched(sessions, store, sandbox, device);

            // the same for the reconnect, the pairing-code login, the logout and the deletion: the lease taken
            // again, then given back between the check and the lock
            ownership.take(device.id());
            ownership.giveBackAtNextCheck(device.id());
            assertThatThrownBy(() -> sessions.reconnect(device.id())).isInstanceOf(HandOverException.class);
            ownership.take(device.id());
            ownership.giveBackAtNextCheck(device.id());
            assertThatThrownBy(() -> sessions.startCodeLogin(device.id(), PHONE))
                    .isInstanceOf(HandOverException.class);
            ownership.take(device.id());
            ownership.giveBackAtNextCheck(device.id());
            assertThatThrownBy(() -> sessions.logout(device.id())).isInstanceOf(HandOverException.class);
            ownership.take(device.id());
            ownership.giveBackAtNextCheck(device.id());
            assertThatThrownBy(() -> sessions.discard(device.id())).isInstanceOf(HandOverException.class);
            assertStoppedAndUntouched(sessions, store, sandbox, device);

            // held again and nothing in between: the login reconnects the stored session (one connection)
            ownership.take(device.id());
            assertThat(sessions.startQrLogin(device.id())).isInstanceOf(LoginStart.AlreadyPaired.class);
            await(() -> sessions.liveStatus(device.id()).healthy(), "the reconnect of the held device");
            assertThat(sandbox.control().onlineDeviceCount()).isEqualTo(1);
            assertThat(sandbox.control().replacedConnections()).isZero();
        }
    }

    private static void assertStoppedAndUntouched(SessionManager sessions, PostgresGatewayStore store,
                                                  SandboxServer sandbox, Device device) throws Exception {
        assertThat(sessions.client(device.id())).as("no client opened after the give-back").isEmpty();
        await(() -> sandbox.control().onlineDeviceCount() == 0, "the stopped session's connection to close");
        Thread.sleep(300); // a connection opened by the refused work would show by now
        assertThat(sandbox.control().onlineDeviceCount()).isZero();
        assertThat(sandbox.control().devices(PHONE)).as("still linked at the phone").hasSize(1);
        assertThat(store.protocolStores().open(device.id()).pairedDevice()).as("the stored session kept").isPresent();
    }

    /**
     * Holds every device taken, and for one device gives its lease back right after the next lease check answered
     * yes, the way the lease keeper gives one back: out of the held set first, then its session stopped.
     */
    private static final class GivingBack implements SessionOwnership {
        private final Set<UUID> held = ConcurrentHashMap.newKeySet();
        private final Set<UUID> giveBack = ConcurrentHashMap.newKeySet();
        final AtomicReference<Consumer<UUID>> stop = new AtomicReference<>();

        void take(UUID deviceId) {
            held.add(deviceId);
        }

        void giveBackAtNextCheck(UUID deviceId) {
            giveBack.add(deviceId);
        }

        @Override
        public boolean holds(UUID deviceId) {
            return held.contains(deviceId);
        }

        @Override
        public boolean acquire(UUID deviceId) {
            held.add(deviceId);
            if (giveBack.remove(deviceId)) {
                held.remove(deviceId);
                stop.get().accept(deviceId);
            }
            return true; // what the caller saw: the lease was held when it checked
        }
    }
}
