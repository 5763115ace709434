package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stanza kind the server queues until acknowledged is acknowledged by the client ({@code <appdata>} and
 * {@code <status>} too, as whatsmeow does), so the server's queue for the device drains instead of being delivered
 * again at every login.
 */
class StanzaAcksE2eTest {

    private static final String ALICE = "15550005001";
    private static final String BOB = "15550005002";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private SandboxServer sandbox;
    private WaClientRuntime runtime;
    private WaClient client;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        sandbox.control().createPhone(ALICE, "Alice");
        sandbox.control().createPhone(BOB, "Bob");
        runtime = WaClientRuntime.create(HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        sandbox.close();
        runtime.close();
    }

    @Test
    void appdataAndStatusStanzasAreAcknowledged() throws Exception {
        EventRecorder events = new EventRecorder();
        client = new WaClient(WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey()).preKeys(10, 10, 5).build(),
                runtime, new InMemoryDeviceStore());
        client.addListener(events);
        client.connect();
        sandbox.control().linkQr(ALICE, events.next(WaEvent.QrCode.class, WAIT).text());
        Jid device = events.next(WaEvent.Connected.class, WAIT).jid();
        awaitUnacked(0);

        sandbox.control().deliver(device.toString(), Node.builder("appdata").attribute("from", Jid.user(BOB))
                .attribute("id", "APPDATA1").attribute("t", 1).children(Node.builder("enc").attribute("v", "2")
                        .attribute("type", "msg").bytes(new byte[]{1, 2, 3}).build()).build());
        sandbox.control().deliver(device.toString(), Node.builder("status").attribute("from", "status@broadcast")
                .attribute("participant", Jid.user(BOB)).attribute("id", "STATUS1").attribute("t", 1)
                .attribute("type", "text").build());

        awaitUnacked(0);
        assertThat(sandbox.stats()).containsEntry("unacked", 0L);
    }

    private void awaitUnacked(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sandbox.control().unackedCount() != expected) {
            assertThat(System.nanoTime()).as("unacked stanzas: " + sandbox.control().unackedCount())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
