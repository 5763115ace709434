package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.message.SendResult;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WaClient} messaging against the sandbox server over real websockets: texts both ways with phones and
 * between two clients, several devices on both sides, groups through sender keys, retry receipts, acks delayed,
 * dropped or lost, one-time pre-keys topped up.
 */
class WaClientMessagingE2eTest {

    private static final String ALICE = "15550001111";
    private static final String BOB = "15550002222";
    private static final Duration WAIT = SandboxWorld.WAIT;

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);
    private WaClientConfig config = world.config().preKeys(30, 10, 5).build();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void exchangesTextsWithAPhoneBothWays() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), events);

        String phoneId = world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "hello companion");
        WaEvent.MessageReceived received = events.next(WaEvent.MessageReceived.class, WAIT);
        assertThat(received.id()).isEqualTo(phoneId);
        assertThat(received.chat()).isEqualTo(Jid.user(BOB));
        assertThat(received.fromMe()).isFalse();
        assertThat(received.message().getConversation()).isEqualTo("hello companion");

        SendResult sent = alice.messages().send(Jid.user(BOB), text("hello phone")).get(15, TimeUnit.SECONDS);
        assertThat(sent.id()).startsWith("3EB0").hasSize(22);
        world.awaitPhoneText(BOB, "hello phone");
        // a second message goes over the established session (msg, not pkmsg)
        alice.messages().send(Jid.user(BOB), text("and again")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "and again");
        // the queue drains: the message was acknowledged, and so were the phone's delivery receipts (which the
        // phone sends once it has a text, so one may still be on its way when the text is seen)
        for (var device : world.sandbox.control().devices(ALICE)) {
            world.awaitQueueEmpty(Jid.parse(device.jid()));
        }
    }

    @Test
    void twoClientsOfDifferentAccountsExchangeTexts() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), aliceEvents);
        DeviceStore bobStore = new InMemoryDeviceStore();
        WaClient bob = world.paired(BOB, config, bobStore, bobEvents);

        alice.messages().send(Jid.user(BOB), text("hi bob, from alice's companion")).get(15, TimeUnit.SECONDS);
        WaEvent.MessageReceived atBob = bobEvents.next(WaEvent.MessageReceived.class, WAIT);
        assertThat(atBob.message().getConversation()).isEqualTo("hi bob, from alice's companion");
        assertThat(atBob.chat()).isEqualTo(Jid.user(ALICE));
        assertThat(atBob.sender().user()).isEqualTo(ALICE);
        world.awaitPhoneText(BOB, "hi bob, from alice's companion");

        // Alice's companion issues its privacy token to Bob right after its send (as whatsmeow does); a reply that
        // overtook it would be refused with 463, as WhatsApp refuses it, so Bob answers once it holds the token
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (SandboxWorld.tokenOf(bobStore, Jid.user(ALICE)).filter(e -> e.token().length > 0).isEmpty()) {
            assertThat(System.nanoTime()).as("Alice's token at Bob").isLessThan(deadline);
            Thread.sleep(20);
        }
        bob.messages().send(Jid.user(ALICE), text("hi alice")).get(15, TimeUnit.SECONDS);
        WaEvent.MessageReceived atAlice = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("hi alice"), WAIT);
        assertThat(atAlice.chat()).isEqualTo(Jid.user(BOB));
        // Bob's companion confirmed the delivery of Alice's message
        assertThat(aliceEvents.all()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                WaEvent.ReceiptReceived.class, r -> assertThat(r.chat()).isEqualTo(Jid.user(BOB))));
    }

    @Test
    void aMessageTheRecipientCannotDecryptIsSentAgainAfterARetryReceipt() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), aliceEvents);
        DeviceStore bobStore = new InMemoryDeviceStore();
        world.paired(BOB, config, bobStore, bobEvents);
        String first = alice.messages().send(Jid.user(BOB), text("first")).get(10, TimeUnit.SECONDS).id();
        Jid aliceDevice = bobEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(first), WAIT).sender();

        // Bob loses his session with Alice's device: her next message (a plain "msg") cannot be decrypted; the
        // session is kept under her LID, which her message (sent to Bob's LID, sender_pn beside) taught him
        Jid keyedAs = bobStore.lidMappings().lidOf(aliceDevice.toNonAd()).map(l -> l.withDevice(aliceDevice.device()))
                .orElse(aliceDevice);
        bobStore.signalStores().sessions().deleteSession(new SignalAddress(keyedAs.signalUser(), keyedAs.device()));
        String second = alice.messages().send(Jid.user(BOB), text("second")).get(10, TimeUnit.SECONDS).id();
        WaEvent.UndecryptableMessage failed = bobEvents.next(WaEvent.UndecryptableMessage.class,
                m -> m.id().equals(second), WAIT);
        assertThat(failed.sender()).isEqualTo(aliceDevice);
        WaEvent.MessageReceived repaired = bobEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(second), WAIT);
        assertThat(repaired.message().getConversation()).isEqualTo("second");
        // counted once the resend's ack came back, which can be after Bob decrypted it
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (world.runtime().counters().retryReceiptsResent() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(world.runtime().counters().retryReceiptsResent()).as("counted for metrics").isEqualTo(1);
        String third = alice.messages().send(Jid.user(BOB), text("third")).get(10, TimeUnit.SECONDS).id();
        assertThat(bobEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(third), WAIT)
                .message().getConversation()).isEqualTo("third");
    }

    @Test
    void groupTextsReachEveryOtherMemberOnceThroughSenderKeys() throws Exception {
        String carol = "15550003333";
        world.sandbox.control().createPhone(carol, "Carol");
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        EventRecorder carolEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), aliceEvents);
        WaClient bob = world.paired(BOB, config, new InMemoryDeviceStore(), bobEvents);
        WaClient carolClient = world.paired(carol, config, new InMemoryDeviceStore(), carolEvents);

        Node created = alice.query(Node.builder("iq").attribute("to", new Jid("", 0, 0, Jid.GROUP_SERVER))
                .attribute("type", "set").attribute("xmlns", "w:g2")
                .children(Node.builder("create").attribute("subject", "Team")
                        .children(Node.builder("participant").attribute("jid", Jid.user(BOB)).build(),
                                Node.builder("participant").attribute("jid", Jid.user(carol)).build()).build())
                .build()).get(10, TimeUnit.SECONDS);
        Jid group = created.child("group").flatMap(g -> g.attribute("id"))
                .map(id -> new Jid(id, 0, 0, Jid.GROUP_SERVER)).orElseThrow();

        String first = alice.messages().send(group, text("hello team")).get(10, TimeUnit.SECONDS).id();
        for (EventRecorder member : List.of(bobEvents, carolEvents)) {
            WaEvent.MessageReceived received = member.next(WaEvent.MessageReceived.class,
                    m -> m.id().equals(first), WAIT);
            assertThat(received.chat()).isEqualTo(group);
            assertThat(received.sender().user()).isEqualTo(ALICE);
            assertThat(received.message().getConversation()).isEqualTo("hello team");
        }
        String reply = bob.messages().send(group, text("hi Alice")).get(10, TimeUnit.SECONDS).id();
        assertThat(aliceEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(reply), WAIT)
                .message().getConversation()).isEqualTo("hi Alice");
        assertThat(carolEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(reply), WAIT)
                .sender().user()).isEqualTo(BOB);
        // a second message reuses the distributed key: it still decrypts everywhere
        String second = alice.messages().send(group, text("second")).get(10, TimeUnit.SECONDS).id();
        assertThat(carolEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(second), WAIT)
                .message().getConversation()).isEqualTo("second");
        bobEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(second), WAIT);
        Thread.sleep(300);
        for (EventRecorder member : List.of(aliceEvents, bobEvents, carolEvents)) {
            assertThat(member.all()).noneMatch(e -> e instanceof WaEvent.UndecryptableMessage);
            assertThat(member.all().stream().filter(e -> e instanceof WaEvent.MessageReceived m
                    && (m.id().equals(first) || m.id().equals(second))).count()).isLessThanOrEqualTo(2);
        }
        assertThat(carolClient.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void aTextReachesEveryDeviceOfTheRecipientAndTheSendersOtherDevicesGetTheSentCopy() throws Exception {
        EventRecorder alice1Events = new EventRecorder();
        EventRecorder bob1Events = new EventRecorder();
        WaClient alice1 = world.paired(ALICE, config, new InMemoryDeviceStore(), alice1Events);
        world.paired(BOB, config, new InMemoryDeviceStore(), bob1Events);
        String first = alice1.messages().send(Jid.user(BOB), text("before the second devices")).get(10, TimeUnit.SECONDS).id();
        bob1Events.next(WaEvent.MessageReceived.class, m -> m.id().equals(first), WAIT);

        // Both accounts link a second companion after Alice's client cached their device lists: the server's
        // device-list notifications must make it ask again, or the new devices would miss the next message.
        EventRecorder alice2Events = new EventRecorder();
        EventRecorder bob2Events = new EventRecorder();
        world.paired(ALICE, config, new InMemoryDeviceStore(), alice2Events);
        world.paired(BOB, config, new InMemoryDeviceStore(), bob2Events);
        Jid alice1Device = alice1.jid().orElseThrow();
        String second = alice1.messages().send(Jid.user(BOB), text("to all of Bob's devices")).get(10, TimeUnit.SECONDS).id();

        for (EventRecorder bobDevice : List.of(bob1Events, bob2Events)) {
            WaEvent.MessageReceived received = bobDevice.next(WaEvent.MessageReceived.class,
                    m -> m.id().equals(second), WAIT);
            assertThat(received.fromMe()).isFalse();
            assertThat(received.chat()).isEqualTo(Jid.user(ALICE));
            assertThat(received.sender()).isEqualTo(alice1Device);
            assertThat(received.message().getConversation()).isEqualTo("to all of Bob's devices");
        }
        WaEvent.MessageReceived copy = alice2Events.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(second), WAIT);
        assertThat(copy.fromMe()).isTrue();
        assertThat(copy.chat()).isEqualTo(Jid.user(BOB));
        assertThat(copy.message().getConversation()).isEqualTo("to all of Bob's devices");
        world.awaitPhoneText(BOB, "to all of Bob's devices");
        world.awaitPhoneText(ALICE, "to all of Bob's devices");
        Thread.sleep(300);
        for (EventRecorder device : List.of(bob1Events, bob2Events, alice2Events)) {
            assertThat(device.all()).filteredOn(e -> e instanceof WaEvent.MessageReceived m && m.id().equals(second))
                    .hasSize(1);
            assertThat(device.all()).noneMatch(e -> e instanceof WaEvent.UndecryptableMessage);
        }
        assertThat(alice1Events.all()).noneMatch(e -> e instanceof WaEvent.MessageReceived m && m.id().equals(second));
    }

    @Test
    void delayedAcksSlowASendAndADroppedAckFailsItInsteadOfLosingIt() throws Exception {
        config = config.toBuilder().timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)).build();
        EventRecorder events = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), events);
        Jid device = alice.jid().orElseThrow();

        world.sandbox.control().delayAcks(device.toString(), Duration.ofMillis(800));
        long started = System.nanoTime();
        SendResult slow = alice.messages().send(Jid.user(BOB), text("slow ack")).get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(slow.id()).startsWith("3EB0");
        world.sandbox.control().delayAcks(device.toString(), Duration.ZERO);

        world.sandbox.control().dropAcks(device.toString(), 1);
        java.util.concurrent.CompletableFuture<SendResult> unacknowledged = alice.messages().send(Jid.user(BOB), text("no ack"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> unacknowledged.get(10, TimeUnit.SECONDS)))
                .hasRootCauseInstanceOf(dev.wagateway.protocol.client.error.RequestTimeoutException.class);
        // the server did deliver it: the failure is reported to the sender, the message is neither lost nor doubled
        world.awaitPhoneText(BOB, "no ack");
        alice.messages().send(Jid.user(BOB), text("acks are back")).get(10, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "acks are back");
        assertThat(world.sandbox.control().phoneMessages(BOB)).extracting(m -> m.text())
                .containsExactlyInAnyOrder("slow ack", "no ack", "acks are back");
        assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void aMessageRedeliveredAfterItsAckWasLostIsAcknowledgedButNotEmittedTwice() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), events);
        Jid device = alice.jid().orElseThrow();
        // the phone's app-state key share is in and acknowledged once the collections synced after it
        events.next(WaEvent.AppStateSynced.class, synced -> synced.name().equals("regular_low"), WAIT);

        world.sandbox.control().ignoreAcks(device.toString(), true);
        String id = world.sandbox.control().phoneSendText(BOB, ALICE + "@s.whatsapp.net", "only once");
        events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        Thread.sleep(300);
        // the message and, before it, the privacy token Bob's phone issued to Alice (both unacknowledged)
        assertThat(world.sandbox.control().devices(ALICE).getFirst().queued()).isEqualTo(2);

        world.sandbox.control().ignoreAcks(device.toString(), false);
        int connectedBefore = events.all().stream().filter(e -> e instanceof WaEvent.Connected).toList().size();
        world.sandbox.control().dropConnection(device.toString());
        events.next(WaEvent.Disconnected.class, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.all().stream().filter(e -> e instanceof WaEvent.Connected).count() == connectedBefore) {
            assertThat(System.nanoTime()).as("reconnected").isLessThan(deadline);
            Thread.sleep(20);
        }
        world.awaitQueueEmpty(device);
        assertThat(events.all()).filteredOn(e -> e instanceof WaEvent.MessageReceived m && m.id().equals(id))
                .hasSize(1);
        // nor decrypted again: a second decryption of the same Signal message would fail and ask for a retry
        assertThat(events.all()).noneMatch(e -> e instanceof WaEvent.UndecryptableMessage);
    }

    @Test
    void aCompanionRunningLowOnOneTimePreKeysIsToldAndUploadsMore() throws Exception {
        DeviceStore aliceStore = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config, aliceStore, new EventRecorder());
        WaClient bob = world.paired(BOB, config, new InMemoryDeviceStore(), new EventRecorder());
        Jid aliceDevice = alice.jid().orElseThrow();
        int generatedAtLogin = aliceStore.preKeyCounters().nextId() - 1;
        assertThat(generatedAtLogin).isEqualTo(30);

        // every bundle handed out consumes one of the 30 uploaded pre-keys: the phone took one for its app-state key
        // share; at 4 left the server sends the low-count notification and the client uploads a batch of 10 more
        long shared = System.nanoTime() + WAIT.toNanos();
        while (aliceStore.appState().latestSyncKey().isEmpty()) {
            assertThat(System.nanoTime()).as("the phone's key share").isLessThan(shared);
            Thread.sleep(20);
        }
        for (int taken = 0; taken < 25; taken++) {
            assertThat(oneTimePreKeyOfBundle(bob, aliceDevice)).isPresent();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (aliceStore.preKeyCounters().nextId() - 1 < 40 || aliceStore.preKeyCounters().pending() > 0) {
            assertThat(System.nanoTime()).as("pre-keys topped up").isLessThan(deadline);
            Thread.sleep(20);
        }
        List<Integer> next = new ArrayList<>();
        for (int taken = 0; taken < 5; taken++) {
            next.add(oneTimePreKeyOfBundle(bob, aliceDevice).orElseThrow());
        }
        assertThat(next.subList(0, 4)).allSatisfy(id -> assertThat(id).isBetween(27, 30));
        assertThat(next.get(4)).isBetween(31, 40);
    }

    /** Fetches {@code device}'s pre-key bundle as a sender would; the id of its one-time pre-key, if it had one. */
    private static java.util.Optional<Integer> oneTimePreKeyOfBundle(WaClient asking, Jid device) throws Exception {
        Node answer = asking.query(Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "get")
                .attribute("xmlns", "encrypt").children(Node.builder("key").children(
                        Node.builder("user").attribute("jid", device).build()).build()).build())
                .get(10, TimeUnit.SECONDS);
        return answer.child("list").flatMap(list -> list.child("user")).flatMap(user -> user.child("key"))
                .flatMap(key -> key.child("id")).flatMap(Node::bytes)
                .map(bytes -> (bytes[0] & 0xff) << 16 | (bytes[1] & 0xff) << 8 | bytes[2] & 0xff);
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
