package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.AddressingMode;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LID addressing (issue 14, findings 3–5) against the strict sandbox, where every account has a LID, new groups are
 * LID-addressed, phones write 1:1 from their LID with {@code sender_pn}, and a stanza that mixes phone-number and
 * LID addressing is refused with {@code ack error=479}.
 */
class LidAddressingE2eTest {

    private static final String ALICE = "15550007001";
    private static final String BOB = "15550007002";
    private static final String CAROL = "15550007003";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB, CAROL);
    private final SandboxServer sandbox = world.sandbox;

    @AfterEach
    void stop() {
        world.close();
    }

    /** Finding 3: in a LID group we write as our LID, with addressing_mode="lid", to the members' LID devices. */
    @Test
    void aLidGroupIsWrittenToUnderOurLidAndEveryMemberReadsIt() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = paired(ALICE, new InMemoryDeviceStore(), aliceEvents);
        WaClient bob = paired(BOB, new InMemoryDeviceStore(), bobEvents);

        GroupInfo group = alice.groups().create(NewGroup.group("Neighbours", List.of(Jid.user(BOB), Jid.user(CAROL))))
                .get(15, TimeUnit.SECONDS);
        assertThat(group.addressingMode()).isEqualTo(AddressingMode.LID);
        assertThat(group.participants()).allSatisfy(p -> {
            assertThat(p.jid().isLid()).isTrue();
            assertThat(p.phoneNumber()).isPresent();
        });

        alice.messages().send(group.jid(), text("hello neighbours")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "hello neighbours");
        world.awaitPhoneText(CAROL, "hello neighbours");
        WaEvent.MessageReceived atBob = bobEvents.next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("hello neighbours"), WAIT);
        assertThat(atBob.chat()).isEqualTo(group.jid());
        assertThat(atBob.sender().toNonAd()).as("the sender by phone number, as participant_pn names it")
                .isEqualTo(Jid.user(ALICE));

        // and back: Bob's companion writes in the same group, Alice's reads it
        bob.messages().send(group.jid(), text("hi Alice")).get(15, TimeUnit.SECONDS);
        WaEvent.MessageReceived atAlice = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("hi Alice"), WAIT);
        assertThat(atAlice.sender().toNonAd()).isEqualTo(Jid.user(BOB));
        alice.messages().send(group.jid(), text("second round")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(CAROL, "second round");
        assertThat(world.refusals()).doesNotContainKey("479");
    }

    /** Finding 4: a DM from a LID contact keeps the contact's phone-number chat, and the reply passes. */
    @Test
    void aDmFromALidContactIsReportedUnderItsPhoneNumberAndTheReplyPasses() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = paired(ALICE, new InMemoryDeviceStore(), events);

        String id = sandbox.control().phoneSendText(BOB, ALICE, "from my LID");
        WaEvent.MessageReceived received = events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        assertThat(received.chat()).isEqualTo(Jid.user(BOB));
        assertThat(received.sender().toNonAd()).isEqualTo(Jid.user(BOB));

        alice.messages().send(received.chat(), text("answered by number")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "answered by number");
        assertThat(world.refusals()).doesNotContainKeys("463", "479");
    }

    /**
     * Finding 4, the reply to the LID itself: every device of the stanza (the contact's and our own) is named by LID,
     * with {@code peer_recipient_pn}; our own phone's copy still reaches it.
     */
    @Test
    void aMessageToALidChatNamesEveryDeviceByLid() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = paired(ALICE, new InMemoryDeviceStore(), events);
        Jid bobLid = Jid.parse(sandbox.control().phoneLid(BOB));

        String id = sandbox.control().phoneSendText(BOB, ALICE, "write to my LID");
        events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        alice.messages().send(bobLid, text("to your LID")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "to your LID");
        world.awaitPhoneText(ALICE, "to your LID");
        assertThat(world.refusals()).doesNotContainKeys("463", "479");
    }

    /**
     * A message to a phone number goes to the contact's LID, learned by usync, with {@code peer_recipient_pn}
     * (whatsmeow {@code SendMessage}); our own devices' copies follow in LID addressing, and our other companion still
     * files the message under the contact's phone number.
     */
    @Test
    void aMessageToAPhoneNumberGoesToTheContactsLid() throws Exception {
        WaClient alice = paired(ALICE, new InMemoryDeviceStore(), new EventRecorder());
        EventRecorder otherEvents = new EventRecorder();
        paired(ALICE, new InMemoryDeviceStore(), otherEvents);
        world.awaitAllAcknowledged();
        Map<String, Long> before = directMessages();

        String id = alice.messages().send(Jid.user(BOB), text("by number, sent by LID")).get(15, TimeUnit.SECONDS)
                .id();
        world.awaitPhoneText(BOB, "by number, sent by LID");
        world.awaitPhoneText(ALICE, "by number, sent by LID");
        WaEvent.MessageReceived copy = otherEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        assertThat(copy.fromMe()).isTrue();
        assertThat(copy.chat()).isEqualTo(Jid.user(BOB));
        assertThat(directMessages().getOrDefault("lid", 0L)).isEqualTo(before.getOrDefault("lid", 0L) + 1);
        assertThat(directMessages().getOrDefault("pn", 0L)).isEqualTo(before.getOrDefault("pn", 0L));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> directMessages() {
        return (Map<String, Long>) sandbox.stats().get("direct_messages");
    }

    /**
     * Finding 5: we open the session by writing to the phone number; the contact answers from its LID with a plain
     * {@code msg} continuing that session, which decrypts.
     */
    @Test
    void aSessionOpenedByPhoneNumberContinuesWhenTheContactWritesFromItsLid() throws Exception {
        EventRecorder events = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        WaClient alice = paired(ALICE, store, events);

        alice.messages().send(Jid.user(BOB), text("first, by number")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "first, by number");

        String id = sandbox.control().phoneSendText(BOB, ALICE, "continued from my LID");
        WaEvent.MessageReceived received = events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        assertThat(received.message().getConversation()).isEqualTo("continued from my LID");
        assertThat(events.all()).noneMatch(WaEvent.UndecryptableMessage.class::isInstance);
        assertThat(store.lidMappings().lidOf(Jid.user(BOB))).as("learned from usync and sender_pn")
                .contains(Jid.parse(sandbox.control().phoneLid(BOB)));
    }

    private WaClient paired(String phone, DeviceStore store, EventRecorder events) throws Exception {
        return world.paired(phone, world.config().build(), store, events);
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
