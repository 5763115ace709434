package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.message.DeliveryRetryPolicy;
import dev.wagateway.protocol.message.SendResult;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out isolation (issue 22): a recipient device the server has no keys for (the sandbox's {@code keys_unavailable}
 * fault: its pre-keys exhausted, a pre-key fetch answered with a per-device {@code <error>}) is left out of the send
 * and reported in its result, everyone else gets the message, and the device gets it exactly once when it has keys
 * again: from the background retry, or from its own retry receipt, never from both; a restart of the sender keeps
 * what waits.
 */
class FanOutIsolationE2eTest {

    private static final String ALICE = "15550022101";
    private static final String BOB = "15550022102";
    private static final String CAROL = "15550022103";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB, CAROL);
    private final SandboxServer sandbox = world.sandbox;
    private final List<WaClient> restarted = new ArrayList<>();
    /** Short back-off so that a test waits seconds, not minutes, for the background retry. */
    private final WaClientConfig config = world.config()
            .skippedDeviceRetry(new DeliveryRetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 60)).build();

    @AfterEach
    void stop() {
        restarted.forEach(WaClient::close);
        world.close();
    }

    @Test
    void aGroupMemberDeviceWithoutKeysIsLeftOutAndGetsTheMessageOnceItUploadsKeys() throws Exception {
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), new EventRecorder());
        InMemoryDeviceStore bobStore = new InMemoryDeviceStore();
        WaClient bob = world.paired(BOB, config, bobStore, new EventRecorder());
        Jid bobDevice = bobStore.pairedDevice().map(PairedDevice::jid).orElseThrow();
        Jid group = alice.groups().create(NewGroup.group("Isolated", List.of(Jid.user(BOB), Jid.user(CAROL))))
                .get(15, TimeUnit.SECONDS).jid();

        bob.close(); // Bob's companion is offline, its pre-keys run out meanwhile
        sandbox.control().keysUnavailable(bobDevice.toString(), true);
        SendResult sent = alice.messages().send(group, text("while you were away")).get(15, TimeUnit.SECONDS);

        assertThat(sent.skippedDevices()).as("left out: Bob's companion alone")
                .singleElement().satisfies(device -> assertThat(device.device()).isEqualTo(bobDevice.device()));
        world.awaitPhoneText(BOB, "while you were away");
        world.awaitPhoneText(CAROL, "while you were away");

        // back online: it uploads pre-keys (the fault ends), reads the queued skmsg without our key and asks with
        // a retry receipt while the background retry finds its keys: one of the two delivers
        EventRecorder bobEvents = new EventRecorder();
        restart(bobStore, bobEvents);
        bobEvents.next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("while you were away"), WAIT);
        assertThat(sandbox.control().keysWithheld(bobDevice.toString())).as("lifted by the upload").isFalse();

        alice.messages().send(group, text("and now")).get(15, TimeUnit.SECONDS);
        bobEvents.next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("and now"), WAIT);
        assertThat(received(bobEvents, "while you were away")).as("exactly once").isEqualTo(1);
    }

    @Test
    void aGroupMemberPhoneWithoutKeysGetsTheMessageFromTheBackgroundRetryExactlyOnce() throws Exception {
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), new EventRecorder());
        Jid group = alice.groups().create(NewGroup.group("Phones", List.of(Jid.user(BOB), Jid.user(CAROL))))
                .get(15, TimeUnit.SECONDS).jid();
        String carolPhone = CAROL + "@" + Jid.USER_SERVER;
        sandbox.control().keysUnavailable(carolPhone, true);

        SendResult sent = alice.messages().send(group, text("to the group")).get(15, TimeUnit.SECONDS);

        assertThat(sent.skippedDevices()).singleElement()
                .satisfies(device -> assertThat(device.device()).isZero());
        world.awaitPhoneText(BOB, "to the group");
        assertThat(texts(CAROL, "to the group")).as("Carol's phone cannot read the skmsg without our key").isZero();

        sandbox.control().keysUnavailable(carolPhone, false); // the phone publishes keys again
        world.awaitPhoneText(CAROL, "to the group");
        alice.messages().send(group, text("next one")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(CAROL, "next one"); // our sender key came with the retried message
        assertThat(texts(CAROL, "to the group")).as("exactly once").isEqualTo(1);
        assertThat(texts(BOB, "to the group")).isEqualTo(1);
    }

    /**
     * The sender restarts while a member's phone still has no keys: the store kept the waiting message with its
     * content, and the new client delivers it once the phone has keys, exactly once, with our sender key.
     */
    @Test
    void whatASendLeftOutSurvivesARestartOfTheSender() throws Exception {
        InMemoryDeviceStore aliceStore = new InMemoryDeviceStore(); // the durable store a restarted client finds
        WaClient alice = world.paired(ALICE, config, aliceStore, new EventRecorder());
        Jid group = alice.groups().create(NewGroup.group("Restarted", List.of(Jid.user(BOB), Jid.user(CAROL))))
                .get(15, TimeUnit.SECONDS).jid();
        String carolPhone = CAROL + "@" + Jid.USER_SERVER;
        sandbox.control().keysUnavailable(carolPhone, true);

        SendResult sent = alice.messages().send(group, text("before the restart")).get(15, TimeUnit.SECONDS);
        assertThat(sent.skippedDevices()).singleElement().satisfies(device -> assertThat(device.device()).isZero());
        world.awaitPhoneText(BOB, "before the restart");
        alice.close();
        assertThat(aliceStore.waitingDeliveries().all()).as("kept for the restart").singleElement()
                .satisfies(entry -> assertThat(entry.id()).isEqualTo(sent.id()));

        sandbox.control().keysUnavailable(carolPhone, false);
        WaClient again = restart(aliceStore, new EventRecorder());
        world.awaitPhoneText(CAROL, "before the restart");
        again.messages().send(group, text("after the restart")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(CAROL, "after the restart"); // our sender key came with the kept message
        assertThat(texts(CAROL, "before the restart")).as("exactly once").isEqualTo(1);
        assertThat(texts(BOB, "before the restart")).isEqualTo(1);
        assertThat(aliceStore.waitingDeliveries().all()).as("delivered: forgotten").isEmpty();
    }

    @Test
    void aPeersCompanionWithoutKeysIsLeftOutOfAOneToOneSendAndGetsItOnceItHasKeys() throws Exception {
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), new EventRecorder());
        InMemoryDeviceStore bobStore = new InMemoryDeviceStore();
        WaClient bob = world.paired(BOB, config, bobStore, new EventRecorder());
        Jid bobDevice = bobStore.pairedDevice().map(PairedDevice::jid).orElseThrow();
        bob.close();
        sandbox.control().keysUnavailable(bobDevice.toString(), true);

        SendResult sent = alice.messages().send(Jid.user(BOB), text("hello both")).get(15, TimeUnit.SECONDS);

        assertThat(sent.skippedDevices()).singleElement()
                .satisfies(device -> assertThat(device.device()).isEqualTo(bobDevice.device()));
        world.awaitPhoneText(BOB, "hello both");

        EventRecorder bobEvents = new EventRecorder();
        restart(bobStore, bobEvents);
        WaEvent.MessageReceived late = bobEvents.next(WaEvent.MessageReceived.class,
                m -> m.message().getConversation().equals("hello both"), WAIT);
        assertThat(late.id()).isEqualTo(sent.id());
        assertThat(late.sender().user()).isIn(ALICE, lidUser(ALICE));

        alice.messages().send(Jid.user(BOB), text("again")).get(15, TimeUnit.SECONDS);
        bobEvents.next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("again"), WAIT);
        assertThat(received(bobEvents, "hello both")).as("exactly once").isEqualTo(1);
        assertThat(texts(BOB, "hello both")).as("the phone had it once, at once").isEqualTo(1);
    }

    @Test
    void aSendWithEveryDeviceReachableReportsNoneLeftOut() throws Exception {
        WaClient alice = world.paired(ALICE, config, new InMemoryDeviceStore(), new EventRecorder());
        SendResult sent = alice.messages().send(Jid.user(CAROL), text("plain")).get(15, TimeUnit.SECONDS);
        assertThat(sent.skippedDevices()).isEmpty();
        world.awaitPhoneText(CAROL, "plain");
    }

    private WaClient restart(InMemoryDeviceStore store, EventRecorder events) throws InterruptedException {
        WaClient client = new WaClient(config, world.runtime(), store);
        restarted.add(client);
        client.addListener(events);
        client.connect();
        events.next(WaEvent.Connected.class, WAIT);
        return client;
    }

    private String lidUser(String phone) {
        String lid = sandbox.control().phoneLid(phone);
        return lid.substring(0, lid.indexOf('@'));
    }

    private static long received(EventRecorder events, String text) {
        return events.all().stream().filter(e -> e instanceof WaEvent.MessageReceived m
                && m.message().getConversation().equals(text)).count();
    }

    private long texts(String phone, String text) {
        return sandbox.control().phoneMessages(phone).stream().filter(m -> text.equals(m.text())).count();
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }
}
