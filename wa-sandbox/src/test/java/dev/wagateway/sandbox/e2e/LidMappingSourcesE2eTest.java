package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PN↔LID pairings from the sources beside usync, group lists and message attributes (issue 14): our phone's
 * {@code LID_MIGRATION_MAPPING_SYNC} message, and the {@code lid} of a {@code devices} notification (whatsmeow
 * {@code storeLIDSyncMessage}, {@code handleDeviceNotification}); the history sync's mappings are
 * {@code HistorySyncE2eTest}'s.
 */
class LidMappingSourcesE2eTest {

    private static final String ALICE = "15550009301";
    private static final String BOB = "15550009302";
    private static final String CAROL = "15550009303";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB, CAROL);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void ourPhoneSharesThePairingsOfItsContactsWithANewCompanion() throws Exception {
        // Bob wrote to Alice's phone before her companion existed: nothing has told the companion Bob's LID
        world.sandbox.control().phoneSendText(BOB, ALICE, "before you linked");
        world.awaitPhoneText(ALICE, "before you linked");
        DeviceStore store = new InMemoryDeviceStore();
        world.paired(ALICE, world.config().build(), store, new EventRecorder());
        world.awaitAllAcknowledged();

        assertThat(store.lidMappings().lidOf(Jid.user(BOB)))
                .contains(Jid.parse(world.sandbox.control().phoneLid(BOB)));
        assertThat(store.lidMappings().lidOf(Jid.user(CAROL))).as("not a contact of Alice's phone").isEmpty();
    }

    @Test
    void aDevicesNotificationTeachesTheUsersLid() throws Exception {
        DeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, world.config().build(), store, new EventRecorder());
        world.awaitAllAcknowledged();
        Jid carolLid = Jid.parse(world.sandbox.control().phoneLid(CAROL));
        assertThat(store.lidMappings().lidOf(Jid.user(CAROL))).isEmpty();

        // as the sandbox announces a device linked to a watched account
        world.sandbox.control().deliver(alice.jid().orElseThrow().toString(), Node.builder("notification")
                .attribute("from", Jid.user(CAROL)).attribute("lid", carolLid).attribute("type", "devices")
                .attribute("id", "devices-1").attribute("t", 1_700_000_000L)
                .children(Node.builder("add").attribute("device_hash", "2:abc").children(Node.builder("device")
                        .attribute("jid", Jid.user(CAROL).withDevice(3)).attribute("lid", carolLid.withDevice(3))
                        .build()).build()).build());
        world.awaitAllAcknowledged();

        assertThat(store.lidMappings().lidOf(Jid.user(CAROL))).contains(carolLid);
        assertThat(store.lidMappings().phoneOf(carolLid)).contains(Jid.user(CAROL));
    }
}
