package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stanza kind the server queues until acknowledged is acknowledged by the client ({@code <appdata>} and
 * {@code <status>} too, as whatsmeow does), so the server's queue for the device drains instead of being delivered
 * again at every login.
 */
class StanzaAcksE2eTest {

    private static final String ALICE = "15550005001";
    private static final String BOB = "15550005002";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void appdataAndStatusStanzasAreAcknowledged() throws Exception {
        Jid device = world.paired(ALICE, world.config().build(), new InMemoryDeviceStore(), new EventRecorder())
                .jid().orElseThrow();
        world.awaitAllAcknowledged();

        world.sandbox.control().deliver(device.toString(), Node.builder("appdata").attribute("from", Jid.user(BOB))
                .attribute("id", "APPDATA1").attribute("t", 1).children(Node.builder("enc").attribute("v", "2")
                        .attribute("type", "msg").bytes(new byte[]{1, 2, 3}).build()).build());
        world.sandbox.control().deliver(device.toString(), Node.builder("status").attribute("from", "status@broadcast")
                .attribute("participant", Jid.user(BOB)).attribute("id", "STATUS1").attribute("t", 1)
                .attribute("type", "text").build());

        world.awaitAllAcknowledged();
        assertThat(world.sandbox.stats()).containsEntry("unacked", 0L);
    }
}
