package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.protocol.version.InMemoryWebVersionStore;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionFetcher;
import dev.wagateway.protocol.version.WebVersions;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import dev.wagateway.sandbox.WebVersionGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WhatsApp retires web versions: the sandbox refuses an outdated {@code ClientPayload} with
 * {@code <failure reason="405">}; the client then reads the version page once, reconnects once with the newer
 * version (saved for the next start), and stops when that is refused too, never looping.
 */
class WebVersionE2eTest {

    private static final String ALICE = "15550007777";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private final InMemoryWebVersionStore versionStore = new InMemoryWebVersionStore();
    private SandboxServer sandbox;
    private WaClientRuntime runtime;
    private WaClient client;
    private final EventRecorder events = new EventRecorder();

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
        sandbox.control().createPhone(ALICE, "Alice");
        WebVersions versions = new WebVersions(sandbox.webVersionUrl(), new WebVersionFetcher(http,
                Duration.ofSeconds(5)), versionStore, Clock.systemUTC(), Duration.ofMinutes(10));
        runtime = WaClientRuntime.create(http, versions);
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
    void aRetiredVersionIsRefreshedFromTheVersionPageAndTheDeviceLogsInAgain() throws Exception {
        Jid device = paired();
        WebVersion newer = WebVersion.ofRevision(WebVersionGate.DEFAULT_CURRENT.tertiary() + 1000);
        sandbox.webVersions().minimum(newer); // WhatsApp retires the version we announce

        sandbox.control().dropConnection(device.toString());
        assertThat(events.next(WaEvent.Connected.class, WAIT).jid()).isEqualTo(device);

        assertThat(versionStore.load()).hasValueSatisfying(saved -> assertThat(saved.version()).isEqualTo(newer));
        assertThat(refusals()).containsEntry("405", 1L);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void aVersionPageThatLagsBehindStopsTheDeviceAfterOneRefresh() throws Exception {
        Jid device = paired();
        long current = WebVersionGate.DEFAULT_CURRENT.tertiary();
        sandbox.webVersions().minimum(WebVersion.ofRevision(current + 1000));
        sandbox.webVersions().current(WebVersion.ofRevision(current + 500)); // newer than ours, still retired

        sandbox.control().dropConnection(device.toString());
        WaEvent.Disconnected stopped = events.next(WaEvent.Disconnected.class, d -> !d.reconnecting(), WAIT);

        assertThat(stopped.connectFailure()).isTrue();
        assertThat(stopped.reason()).contains("405");
        // one refusal of the old version, one of the refreshed one, then nothing: the client stopped
        assertThat(refusals()).containsEntry("405", 2L);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(versionStore.load()).hasValueSatisfying(saved ->
                assertThat(saved.version()).isEqualTo(WebVersion.ofRevision(current + 500)));
    }

    private Jid paired() throws Exception {
        WaClientConfig config = WaClientConfig.defaults().toBuilder()
                .server(sandbox.webSocketUrl(), sandbox.rootPublicKey())
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .preKeys(10, 10, 5)
                .clientRevision(WebVersionGate.DEFAULT_CURRENT.tertiary())
                .build();
        client = new WaClient(config, runtime, new InMemoryDeviceStore());
        client.addListener(events);
        client.connect();
        sandbox.control().linkQr(ALICE, events.next(WaEvent.QrCode.class, WAIT).text());
        return events.next(WaEvent.Connected.class, WAIT).jid();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> refusals() {
        return (Map<String, Long>) sandbox.stats().get("refusals");
    }
}
