package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stanzas a retry cannot help get no retry receipt (issue 14, finding 6, as whatsmeow's {@code decryptMessages}):
 * an {@code <unavailable>} placeholder, a bot's {@code msmsg} (nacked 495 instead), a {@code v="3"} payload; a
 * channel's plaintext message is read, not retried. Each is acknowledged. Bob's companion would receive any retry
 * receipt sent for the stanzas claiming to be his, and counts it.
 */
class UndecryptableMessagesE2eTest {

    private static final String ALICE = "15550009101";
    private static final String BOB = "15550009102";
    private static final Jid CHANNEL = new Jid("120363000000000001", 0, 0, Jid.NEWSLETTER_SERVER);

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void placeholdersSecretMessagesAndV3GetNoRetryReceiptAndChannelTextsAreRead() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, world.config().build(), new InMemoryDeviceStore(), aliceEvents);
        WaClient bob = world.paired(BOB, world.config().build(), new InMemoryDeviceStore(), new EventRecorder());
        String aliceDevice = alice.jid().orElseThrow().toString();
        Jid bobDevice = bob.jid().orElseThrow();
        world.awaitAllAcknowledged();

        deliver(aliceDevice, message(bobDevice, "UNAVAILABLE1")
                .children(Node.builder("unavailable").attribute("type", "view_once").build()));
        WaEvent.UndecryptableMessage placeholder = aliceEvents.next(WaEvent.UndecryptableMessage.class,
                m -> m.id().equals("UNAVAILABLE1"), WAIT);
        assertThat(placeholder.unavailable()).isTrue();
        assertThat(placeholder.unavailableType()).isEqualTo("view_once");

        deliver(aliceDevice, message(bobDevice, "SECRET1").children(Node.builder("enc").attribute("v", "2")
                .attribute("type", "msmsg").bytes(new byte[]{10, 2, 1, 2}).build()));
        deliver(aliceDevice, message(bobDevice, "ARMADILLO1").children(Node.builder("enc").attribute("v", "3")
                .attribute("type", "msg").bytes(new byte[]{51, 1, 2, 3}).build()));
        aliceEvents.next(WaEvent.UndecryptableMessage.class, m -> m.id().equals("SECRET1"), WAIT);
        aliceEvents.next(WaEvent.UndecryptableMessage.class, m -> m.id().equals("ARMADILLO1"), WAIT);

        deliver(aliceDevice, message(CHANNEL, "CHANNEL1").attribute("server_id", "101").children(
                Node.builder("plaintext").bytes(Message.newBuilder().setConversation("news of the day").build()
                        .toByteArray()).build()));
        WaEvent.MessageReceived news = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals("CHANNEL1"), WAIT);
        assertThat(news.chat()).isEqualTo(CHANNEL);
        assertThat(news.message().getConversation()).isEqualTo("news of the day");

        // every stanza acknowledged; a retry receipt would have reached Bob's companion before Alice's ack of its
        // stanza and been acknowledged by it after counting it
        world.awaitAllAcknowledged();
        ProtocolCounters counters = world.runtime().counters();
        assertThat(counters.retryReceiptsUnanswerable() + counters.retryReceiptsResent()
                + counters.retryReceiptsFailed()).isZero();
    }

    private static Node.Builder message(Jid from, String id) {
        return Node.builder("message").attribute("from", from).attribute("id", id).attribute("t", 1_700_000_000L)
                .attribute("type", "text");
    }

    private void deliver(String device, Node.Builder stanza) {
        world.sandbox.control().deliver(device, stanza.build());
    }
}
