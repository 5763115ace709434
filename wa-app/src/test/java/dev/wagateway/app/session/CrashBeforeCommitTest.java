package dev.wagateway.app.session;

import dev.wagateway.app.IsolatedDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.RestoreReport;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import dev.wagateway.protocol.client.WaClientConfig;
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
import static dev.wagateway.app.session.SessionFixtures.runtime;
import static dev.wagateway.app.session.SessionFixtures.sandbox;
import static dev.wagateway.app.session.SessionFixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway dies between decrypting a message and committing it: the Signal session has already moved past the
 * message's keys, nothing was acknowledged, and nothing of it is in memory any more. A new session manager over
 * the same database must still store it once when the server delivers it again (from the decryption buffer, since
 * the session can no longer decrypt it).
 */
class CrashBeforeCommitTest {

    private static final String PHONE = "15550818181";
    private static final String FRIEND = "15550828282";

    @RegisterExtension
    static final IsolatedDatabase DATABASE = new IsolatedDatabase();

    @Test
    void aMessageDecryptedButNotStoredBeforeTheProcessDiedIsStoredOnceAfterTheRestart() throws Exception {
        PostgresGatewayStore store = DATABASE.store();
        Clock clock = Clock.systemUTC();
        try (SandboxServer sandbox = sandbox();
             WaClientRuntime runtime = runtime()) {
            sandbox.control().createPhone(PHONE, "Shop");
            sandbox.control().createPhone(FRIEND, "Friend");
            WaClientConfig config = config(sandbox);
            Device device = device(store, "crash");
            Webhook webhook = store.webhooks().insertWithinLimit(device.id(), "https://hooks.example/crash", "s",
                    List.of("message.received"), clock.instant(), 5).orElseThrow();
            String deviceJid;

            AtomicInteger failuresLeft = new AtomicInteger(0);
            try (SessionManager first = sessions(config, runtime, store,
                    new FailingFirstMessageInsert(store.unitOfWork(), failuresLeft))) {
                LoginStart.Qr qr = (LoginStart.Qr) first.startQrLogin(device.id());
                sandbox.control().linkQr(PHONE, qr.text());
                await(() -> first.liveStatus(device.id()).healthy(), "login");
                // the device row learns its JID from the session's events, which may trail the login a little
                await(() -> store.devices().find(device.id()).orElseThrow().whatsAppJid().isPresent(),
                        "the stored JID");
                deviceJid = store.devices().find(device.id()).orElseThrow().whatsAppJid().orElseThrow();
                sandbox.control().phoneSendText(FRIEND, PHONE, "warm up"); // a session exists from now on
                await(() -> messages(store, device).size() == 1, "the first message to be stored");

                failuresLeft.set(1);
                sandbox.control().phoneSendText(FRIEND, PHONE, "survives the crash");
                await(() -> failuresLeft.get() == 0, "the failed storage attempt");
                assertThat(messages(store, device)).hasSize(1);
            } // the process "dies": every client and everything in memory is gone, nothing was acknowledged
            awaitQueued(sandbox, deviceJid);

            try (SessionManager second = sessions(config, runtime, store, store.unitOfWork())) {
                RestoreReport report = second.restoreAll();
                assertThat(report.connected()).isEqualTo(1);
                await(() -> messages(store, device).size() == 2, "the redelivered message to be stored");
                Thread.sleep(500); // would a second copy arrive, it would be now
                assertThat(messages(store, device)).extracting(m -> m.text().orElseThrow())
                        .containsExactly("survives the crash", "warm up");
                assertThat(store.deliveries().recent(webhook.id(), 10)).hasSize(2);
                await(() -> sandbox.control().devices(PHONE).stream().allMatch(d -> d.queued() == 0),
                        "the server's queue to empty (the message acknowledged)");
                // the plaintext leaves the buffer once handled; only the hashes stay
                int pendingPlaintexts = DATABASE.database().jdbi().withHandle(h -> h.createQuery(
                                "select count(*) from wa_decryption_buffer where device_key = :d and plaintext is not null")
                        .bind("d", device.id().toString()).mapTo(Integer.class).one());
                assertThat(pendingPlaintexts).isZero();
            }
        }
    }

    private static void awaitQueued(SandboxServer sandbox, String deviceJid) throws InterruptedException {
        await(() -> sandbox.control().devices(PHONE).stream()
                .anyMatch(d -> d.jid().equals(deviceJid) && !d.online() && d.queued() >= 1), "the device offline");
    }

    private static List<StoredMessage> messages(PostgresGatewayStore store, Device device) {
        return store.messages().page(device.id(), FRIEND + "@s.whatsapp.net",
                new ChatPageRequest(50, Optional.empty(), Optional.empty()));
    }
}
