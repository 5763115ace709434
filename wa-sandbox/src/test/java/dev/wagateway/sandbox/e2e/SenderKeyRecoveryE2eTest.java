package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our group sender key reaches members again after they lost it (issue 14, finding 7): a member's phone that
 * re-registers with a new identity is announced by an {@code encrypt} notification, after which our sessions with it
 * are dropped and the next group message shares the key with it again; a member device that cannot decrypt a group
 * message asks for a retry, which is answered pairwise with the message and our sender key.
 */
class SenderKeyRecoveryE2eTest {

    private static final String ALICE = "15550008101";
    private static final String BOB = "15550008102";
    private static final String CAROL = "15550008103";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB, CAROL);
    private final SandboxServer sandbox = world.sandbox;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aMemberWhoReRegistersReadsOurNextGroupMessage() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        InMemoryDeviceStore aliceStore = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, world.config().build(), aliceStore, aliceEvents);
        Jid group = alice.groups().create(NewGroup.group("Team", List.of(Jid.user(BOB), Jid.user(CAROL))))
                .get(15, TimeUnit.SECONDS).jid();
        alice.messages().send(group, text("before")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "before");

        sandbox.control().identityChange(BOB); // Bob reinstalls WhatsApp: new identity, no session, no sender key
        WaEvent.IdentityChanged changed = aliceEvents.next(WaEvent.IdentityChanged.class, WAIT);
        assertThat(changed.jid()).isEqualTo(Jid.user(BOB));

        alice.messages().send(group, text("after the reinstall")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "after the reinstall");
        world.awaitPhoneText(CAROL, "after the reinstall");
    }

    @Test
    void aGroupRetryReceiptIsAnsweredWithTheMessageAndOurSenderKey() throws Exception {
        GroupOfTwo pair = groupWhereBobLostAlicesSenderKey();

        pair.alice().messages().send(pair.group(), text("second")).get(15, TimeUnit.SECONDS);
        WaEvent.MessageReceived second = pair.bobEvents().next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("second"), WAIT);
        assertThat(second.chat()).isEqualTo(pair.group());
        assertThat(second.sender().user()).isEqualTo(ALICE);

        // the retry carried our sender key: the next message needs no retry
        assertTheNextMessageNeedsNoRetry(pair);
    }

    /**
     * The retry receipt comes back before the server's ack (held back here by the sandbox's {@code delay_acks}; a
     * busy connection does the same): the message is answered all the same, so the next one needs no retry.
     */
    @Test
    void aRetryReceiptThatComesBeforeTheAckIsAnswered() throws Exception {
        GroupOfTwo pair = groupWhereBobLostAlicesSenderKey();
        String alice = pair.alice().jid().orElseThrow().toString();

        sandbox.control().delayAcks(alice, Duration.ofMillis(1500));
        pair.alice().messages().send(pair.group(), text("second")).get(15, TimeUnit.SECONDS);
        sandbox.control().delayAcks(alice, Duration.ZERO);
        pair.bobEvents().next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("second"),
                WAIT);

        assertTheNextMessageNeedsNoRetry(pair);
    }

    /** Alice's client, a group of Alice and Bob, and what Bob's companion received. */
    private record GroupOfTwo(WaClient alice, Jid group, EventRecorder bobEvents) {
    }

    /**
     * Alice and Bob in a group, a first message read by Bob's companion, which then loses Alice's sender key (as a
     * restored or re-linked device would); the group is LID-addressed, so the key is filed under Alice's LID device.
     */
    private GroupOfTwo groupWhereBobLostAlicesSenderKey() throws Exception {
        EventRecorder bobEvents = new EventRecorder();
        InMemoryDeviceStore bobStore = new InMemoryDeviceStore();
        InMemoryDeviceStore aliceStore = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, world.config().build(), aliceStore, new EventRecorder());
        world.paired(BOB, world.config().build(), bobStore, bobEvents);
        Jid group = alice.groups().create(NewGroup.group("Pair", List.of(Jid.user(BOB))))
                .get(15, TimeUnit.SECONDS).jid();
        alice.messages().send(group, text("first")).get(15, TimeUnit.SECONDS);
        bobEvents.next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("first"), WAIT);

        Jid aliceDevice = aliceStore.pairedDevice().flatMap(PairedDevice::lidJid).orElseThrow();
        bobStore.signalStores().senderKeys().deleteSenderKey(new SenderKeyName(group.toString(),
                new SignalAddress(aliceDevice.signalUser(), aliceDevice.device())));
        return new GroupOfTwo(alice, group, bobEvents);
    }

    /** A third message reaches Bob with no retry: only the second was undecryptable at first. */
    private static void assertTheNextMessageNeedsNoRetry(GroupOfTwo pair) throws Exception {
        pair.alice().messages().send(pair.group(), text("third")).get(15, TimeUnit.SECONDS);
        pair.bobEvents().next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("third"),
                WAIT);
        assertThat(pair.bobEvents().all()).filteredOn(e -> e instanceof WaEvent.UndecryptableMessage).hasSize(1);
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
