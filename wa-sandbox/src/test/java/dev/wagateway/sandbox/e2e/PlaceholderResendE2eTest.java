package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, finding 6: a message that reaches our device only as an {@code <unavailable>} placeholder is asked for
 * from our own phone ({@code PLACEHOLDER_MESSAGE_RESEND} peer message, whatsmeow
 * {@code immediateRequestMessageFromPhone}), once per message id; the sandbox phone, which received the message
 * itself, answers with a {@code PeerDataOperationRequestResponseMessage}, and the message is emitted as if it had
 * arrived normally.
 */
class PlaceholderResendE2eTest {

    private static final String ALICE = "15550009201";
    private static final String BOB = "15550009202";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void anUnavailableMessageComesBackFromOurPhoneOnceAndIsEmittedAsReceived() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        WaClient alice = world.paired(ALICE, world.config().build(), new InMemoryDeviceStore(), aliceEvents);
        String aliceDevice = alice.jid().orElseThrow().toString();
        world.awaitAllAcknowledged();

        world.sandbox.control().placeholders(aliceDevice, 1);
        String id = world.sandbox.control().phoneSendText(BOB, ALICE, "you only see a placeholder of this");

        WaEvent.UndecryptableMessage placeholder = aliceEvents.next(WaEvent.UndecryptableMessage.class,
                m -> m.id().equals(id), WAIT);
        assertThat(placeholder.unavailable()).isTrue();
        WaEvent.MessageReceived resent = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(id), WAIT);
        assertThat(resent.message().getConversation()).isEqualTo("you only see a placeholder of this");
        assertThat(resent.chat()).isEqualTo(Jid.user(BOB));
        assertThat(resent.sender().toNonAd()).isEqualTo(Jid.user(BOB));
        assertThat(resent.fromMe()).isFalse();

        // the same placeholder again (a redelivery) is not asked for a second time; a second placeholder is
        world.sandbox.control().deliver(aliceDevice, Node.builder("message")
                .attribute("from", Jid.parse(world.sandbox.control().phoneLid(BOB))).attribute("id", id)
                .attribute("t", placeholder.timestamp().getEpochSecond()).attribute("type", "text")
                .attribute("sender_pn", Jid.user(BOB)).children(Node.builder("unavailable").build()).build());
        aliceEvents.next(WaEvent.UndecryptableMessage.class, m -> m.id().equals(id), WAIT);
        world.sandbox.control().placeholders(aliceDevice, 1);
        String second = world.sandbox.control().phoneSendText(BOB, ALICE, "and this one too");
        WaEvent.MessageReceived secondResent = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(second), WAIT);
        assertThat(secondResent.message().getConversation()).isEqualTo("and this one too");
        world.awaitAllAcknowledged();

        assertThat(placeholderResends()).containsEntry("requested", 2L).containsEntry("answered", 2L);
        assertThat(aliceEvents.all().stream().filter(e -> e instanceof WaEvent.MessageReceived m
                && m.id().equals(id))).hasSize(1);
    }

    /**
     * A message that does not decrypt, whose sender never answers the retry receipt (the sandbox's phones do not),
     * is asked for from our phone {@code PlaceholderResends.DELAY} after the first retry (whatsmeow
     * {@code delayedRequestMessageFromPhone}).
     */
    @Test
    void aMessageWhoseRetryIsNeverAnsweredComesFromOurPhoneAfterTheDelay() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        DeviceStore store = new InMemoryDeviceStore();
        world.paired(ALICE, world.config().build(), store, aliceEvents);
        world.awaitAllAcknowledged();
        String first = world.sandbox.control().phoneSendText(BOB, ALICE, "a session starts");
        aliceEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(first), WAIT);

        // we lose the session with Bob's phone (kept under his LID, which his message taught us)
        Jid bobPhone = store.lidMappings().lidOf(Jid.user(BOB)).orElseThrow();
        store.signalStores().sessions().deleteSession(new SignalAddress(bobPhone.signalUser(), 0));
        String second = world.sandbox.control().phoneSendText(BOB, ALICE, "lost, then found at home");

        WaEvent.UndecryptableMessage failed = aliceEvents.next(WaEvent.UndecryptableMessage.class,
                m -> m.id().equals(second), WAIT);
        assertThat(failed.unavailable()).isFalse();
        WaEvent.MessageReceived resent = aliceEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(second), WAIT);
        assertThat(resent.message().getConversation()).isEqualTo("lost, then found at home");
        assertThat(resent.chat()).isEqualTo(Jid.user(BOB));
        world.awaitAllAcknowledged();
        assertThat(placeholderResends()).containsEntry("requested", 1L).containsEntry("answered", 1L);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> placeholderResends() {
        return (Map<String, Long>) world.sandbox.stats().get("placeholder_resends");
    }
}
