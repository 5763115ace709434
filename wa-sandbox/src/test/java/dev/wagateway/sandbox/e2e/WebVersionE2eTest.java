package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.ExpectsRefusals;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.protocol.version.InMemoryWebVersionStore;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionFetcher;
import dev.wagateway.protocol.version.WebVersions;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.WebVersionGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WhatsApp retires web versions: the sandbox refuses an outdated {@code ClientPayload} with
 * {@code <failure reason="405">}; the client then reads the version page once, reconnects once with the newer
 * version (saved for the next start), and stops when that is refused too, never looping.
 */
class WebVersionE2eTest {

    private static final String ALICE = "15550007777";

    private final InMemoryWebVersionStore versionStore = new InMemoryWebVersionStore();
    private final SandboxWorld world = new SandboxWorld(ALICE);
    private final SandboxServer sandbox = world.sandbox;
    private final EventRecorder events = new EventRecorder();
    private WaClient client;

    @BeforeEach
    void start() {
        world.runtime(http -> WaClientRuntime.create(http, new WebVersions(sandbox.webVersionUrl(),
                new WebVersionFetcher(http, Duration.ofSeconds(5)), versionStore, Clock.systemUTC(),
                Duration.ofMinutes(10))));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    @ExpectsRefusals({405})
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
    @ExpectsRefusals({405})
    void aVersionPageThatLagsBehindStopsTheDeviceAfterOneRefresh() throws Exception {
        Jid device = paired();
        long current = WebVersionGate.DEFAULT_CURRENT.tertiary();
        sandbox.webVersions().minimum(WebVersion.ofRevision(current + 1000));
        sandbox.webVersions().current(WebVersion.ofRevision(current + 500)); // newer than ours, still retired

        sandbox.control().dropConnection(device.toString());
        WaEvent.Disconnected stopped = events.next(WaEvent.Disconnected.class, d -> !d.reconnecting(), WAIT);

        assertThat(stopped.connectFailure()).isTrue();
        assertThat(stopped.reason()).contains("405");
        // the old version and the refreshed one were both refused, then nothing more: the client stopped. (A
        // <failure> that closed the connection before the handshake returned used to be retried as a lost
        // connection as well, with the refused version: 3 or 4 refusals under load.)
        long refused = refusals().get("405");
        assertThat(refused).isEqualTo(2L);
        Thread.sleep(1500); // longer than the reconnect backoff's maximum: a looping client would be refused again
        assertThat(refusals()).containsEntry("405", refused);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(versionStore.load()).hasValueSatisfying(saved ->
                assertThat(saved.version()).isEqualTo(WebVersion.ofRevision(current + 500)));
    }

    private Jid paired() throws Exception {
        client = world.paired(ALICE, world.config().clientRevision(WebVersionGate.DEFAULT_CURRENT.tertiary()).build(),
                new InMemoryDeviceStore(), events);
        return client.jid().orElseThrow();
    }

    private Map<String, Long> refusals() {
        return world.refusals();
    }
}
