package dev.wagateway.app.session;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.wagateway.app.session.SessionFixtures.await;
import static dev.wagateway.app.session.SessionFixtures.config;
import static dev.wagateway.app.session.SessionFixtures.device;
import static dev.wagateway.app.session.SessionFixtures.loginByQr;
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static dev.wagateway.app.session.SessionFixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session manager against the sandbox and a real PostgreSQL: the durability rule (an incoming message is
 * acknowledged to WhatsApp only after its row and its outbox rows committed), and the periodic recovery.
 */
class SessionManagerSandboxTest {

    private static final String PHONE = "15550505050";
    private static final String FRIEND = "15550606060";

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    /**
     * The gateway "crashes" between receipt and commit (the first storage attempt fails): nothing is acknowledged,
     * the server delivers the message again after the reconnect, and it is stored and announced once.
     */
    @Test
    void aMessageWhoseStorageFailedIsRedeliveredAndStoredOnce() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        UnitOfWork crashingOnce = new FailingFirstMessageInsert(store.unitOfWork(), failuresLeft);
        Clock clock = Clock.systemUTC();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime();
             SessionManager sessions = sessions(config(sandbox), runtime, store, crashingOnce)) {
            sandbox.control().createPhone(PHONE, "Shop");
            sandbox.control().createPhone(FRIEND, "Friend");
            Device device = device(store, "crash");
            Webhook webhook = store.webhooks().insertWithinLimit(device.id(), "https://hooks.example/crash", "s",
                    List.of("message.received"), clock.instant(), 5).orElseThrow();

            loginByQr(sandbox, sessions, PHONE, device);
            // the device row learns its JID from the session's events, which may trail the login a little
            await(() -> store.devices().find(device.id()).orElseThrow().whatsAppJid().isPresent(), "the stored JID");
            String deviceJid = store.devices().find(device.id()).orElseThrow().whatsAppJid().orElseThrow();

            sandbox.control().phoneSendText(FRIEND, PHONE, "exactly once");
            await(() -> failuresLeft.get() == 0, "the failed storage attempt");
            assertThat(messages(store, device)).isEmpty();

            sandbox.control().dropConnection(deviceJid); // the gateway comes back: the server redelivers
            await(() -> messages(store, device).size() == 1, "the redelivered message to be stored");
            Thread.sleep(500); // would a second copy arrive, it would be now
            assertThat(messages(store, device)).extracting(m -> m.text().orElseThrow()).containsExactly("exactly once");
            assertThat(store.deliveries().recent(webhook.id(), 10)).hasSize(1);
        }
    }

    /** A client that stopped (or was never restored) is started again by the recovery pass. */
    @Test
    void theRecoveryPassRestartsStoppedClients() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime();
             SessionManager sessions = sessions(sandbox, runtime, store)) {
            sandbox.control().createPhone("15550707070", "Recover");
            Device device = device(store, "crash");
            loginByQr(sandbox, sessions, "15550707070", device);

            sessions.client(device.id()).orElseThrow().disconnect();
            await(() -> !sessions.liveStatus(device.id()).connected(), "the client to stop");
            assertThat(sessions.recover()).isGreaterThanOrEqualTo(1);
            await(() -> sessions.liveStatus(device.id()).healthy(), "the recovered login");
            assertThat(store.devices().find(device.id()).orElseThrow().status()).isEqualTo(DeviceStatus.ACTIVE);
        }
    }

    private static List<StoredMessage> messages(PostgresGatewayStore store, Device device) {
        return store.messages().page(device.id(), FRIEND + "@s.whatsapp.net",
                new ChatPageRequest(50, Optional.empty(), Optional.empty()));
    }
}
