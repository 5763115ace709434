package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery receipts say whether the receiving device is active, as whatsmeow's {@code sendMessageReceipt} does: a
 * client that never announced itself available acknowledges with {@code type="inactive"}; after presence
 * {@code available} (or when forced active) the receipt is a plain delivery, and after {@code unavailable} inactive
 * again.
 */
class DeliveryReceiptsE2eTest {

    private static final String ALICE = "15550007101";
    private static final String BOB = "15550007102";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void receiptsAreInactiveUntilTheRecipientAnnouncesItselfAvailable() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, world.config().build(), new InMemoryDeviceStore(), aliceEvents);
        WaClient bob = world.paired(BOB, world.config().build(), new InMemoryDeviceStore(), new EventRecorder());

        assertThat(receiptFor(alice, bob, aliceEvents, "before any presence")).isEqualTo("inactive");

        bob.presence().setPushName("Bob");
        bob.presence().send(true);
        assertThat(receiptFor(alice, bob, aliceEvents, "while available")).isEqualTo("delivered");

        bob.presence().send(false);
        assertThat(receiptFor(alice, bob, aliceEvents, "after unavailable")).isEqualTo("inactive");

        bob.receipts().forceActiveDeliveryReceipts(true);
        assertThat(receiptFor(alice, bob, aliceEvents, "forced active")).isEqualTo("delivered");
        bob.presence().send(false); // forced stays forced whatever the presence
        assertThat(receiptFor(alice, bob, aliceEvents, "forced, then unavailable")).isEqualTo("delivered");
    }

    /** Sends {@code text} from Alice to Bob and returns the type of the receipt Bob's companion sent for it. */
    private static String receiptFor(WaClient alice, WaClient bob, EventRecorder aliceEvents, String text)
            throws Exception {
        Jid bobDevice = bob.jid().orElseThrow();
        String id = alice.messages().send(Jid.user(BOB), Message.newBuilder().setConversation(text).build())
                .get(15, TimeUnit.SECONDS).id();
        // Bob's phone acknowledges too (a plain delivery): only his companion's receipt is the one tested
        return aliceEvents.next(WaEvent.ReceiptReceived.class, r -> r.messageIds().contains(id)
                && r.sender().equals(bobDevice), WAIT).type();
    }
}
