package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.protocol.binary.Jid;
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
 * A connection whose server stops answering pings is declared dead and replaced once pings have failed for longer
 * than the tolerance; slow answers within it are tolerated, as whatsmeow tolerates them (3 minutes by default), and
 * reported as keepalive timeouts until a ping is answered in time again.
 */
class WaClientKeepaliveE2eTest {

    private static final String ALICE = "15550008888";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private SandboxServer sandbox;
    private WaClientRuntime runtime;
    private WaClient client;

    @BeforeEach
    void start() {
        sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        sandbox.control().createPhone(ALICE, "Alice");
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
    void unansweredPingsMeanReconnect() throws Exception {
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .keepalive(Duration.ofMillis(300), Duration.ofMillis(400), Duration.ofMillis(500))
                .keepaliveTolerance(Duration.ofSeconds(1))
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .preKeys(10, 10, 5)
                .build();
        EventRecorder events = new EventRecorder();
        client = new WaClient(config, runtime, new InMemoryDeviceStore());
        client.addListener(events);
        client.connect();
        sandbox.control().linkQr(ALICE, events.next(WaEvent.QrCode.class, WAIT).text());
        Jid device = events.next(WaEvent.Connected.class, WAIT).jid();

        sandbox.control().mutePings(device.toString(), true);
        WaEvent.Disconnected dead = events.next(WaEvent.Disconnected.class, WAIT);
        assertThat(dead.reconnecting()).isTrue();
        assertThat(dead.reason()).contains("keepalive timeout");
        sandbox.control().mutePings(device.toString(), false);
        assertThat(events.next(WaEvent.Connected.class, WAIT).jid()).isEqualTo(device);
    }

    @Test
    void pingsAnsweredLateWithinTheToleranceDoNotCloseTheConnection() throws Exception {
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .keepalive(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(200))
                .keepaliveTolerance(Duration.ofMinutes(3))
                .preKeys(10, 10, 5)
                .build();
        EventRecorder events = new EventRecorder();
        client = new WaClient(config, runtime, new InMemoryDeviceStore());
        client.addListener(events);
        client.connect();
        sandbox.control().linkQr(ALICE, events.next(WaEvent.QrCode.class, WAIT).text());
        Jid device = events.next(WaEvent.Connected.class, WAIT).jid();
        int connectedEvents = (int) events.all().stream().filter(e -> e instanceof WaEvent.Connected).count();

        // every answer comes after the ping's deadline: each ping fails, none within the tolerance is fatal
        sandbox.control().slowPings(device.toString(), Duration.ofMillis(400));
        int before = sandbox.control().pingsReceived(device.toString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sandbox.control().pingsReceived(device.toString()) < before + 4) {
            assertThat(System.nanoTime()).as("pings keep coming").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(events.all().stream().filter(e -> e instanceof WaEvent.Connected).count())
                .isEqualTo(connectedEvents);
        assertThat(events.all()).noneMatch(e -> e instanceof WaEvent.Disconnected d
                && d.reason().contains("keepalive"));
        assertThat(sandbox.control().devices(ALICE)).allSatisfy(d -> assertThat(d.online()).isTrue());

        // each failure is reported with the count so far (whatsmeow KeepAliveTimeout), and the first answer in
        // time after them as a recovery (KeepAliveRestored)
        WaEvent.KeepaliveTimeout first = events.next(WaEvent.KeepaliveTimeout.class, WAIT);
        WaEvent.KeepaliveTimeout second = events.next(WaEvent.KeepaliveTimeout.class, WAIT);
        assertThat(first.errorCount()).isEqualTo(1);
        assertThat(second.errorCount()).isEqualTo(2);
        assertThat(second.lastSuccess()).isEqualTo(first.lastSuccess());
        sandbox.control().slowPings(device.toString(), Duration.ZERO);
        events.next(WaEvent.KeepaliveRestored.class, WAIT);
        assertThat(events.all().stream().filter(e -> e instanceof WaEvent.Connected).count())
                .isEqualTo(connectedEvents);
    }
}
