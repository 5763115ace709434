package dev.wagateway.sandbox.e2e;

import dev.wagateway.sandbox.ExpectsRefusals;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Trusted-contact privacy tokens against the strict sandbox: a phone that writes to us issues its token, our reply
 * carries it; without it WhatsApp refuses the reply with 463, which surfaces once, unretried; and we issue our own
 * token to the people we write to, so that their replies pass.
 */
class PrivacyTokenE2eTest {

    private static final String ALICE = "15550006001";
    private static final String BOB = "15550006002";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);
    private final SandboxServer sandbox = world.sandbox;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aReplyToAPhoneCarriesTheTokenThePhoneIssued() throws Exception {
        DeviceStore store = new InMemoryDeviceStore();
        EventRecorder events = new EventRecorder();
        WaClient alice = paired(ALICE, store, events);

        String id = sandbox.control().phoneSendText(BOB, ALICE, "do you trust me?");
        events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        assertThat(SandboxWorld.tokenOf(store, Jid.user(BOB))).hasValueSatisfying(entry ->
                assertThat(entry.token()).isNotEmpty());

        alice.messages().send(Jid.user(BOB), text("I do")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "I do");
        assertThat(refusals()).doesNotContainKey("463");
    }

    @Test
    @ExpectsRefusals({463})
    void withoutTheTokenTheReplyIsRefusedWith463OnceAndNotRetried() throws Exception {
        // Bob's phone trusted Alice's account before this companion was linked: the token never reached it
        sandbox.control().phoneSendText(BOB, ALICE, "written before you linked");
        WaClient alice = paired(ALICE, new InMemoryDeviceStore(), new EventRecorder());

        assertThatThrownBy(() -> alice.messages().send(Jid.user(BOB), text("hello?")).get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(MessageRejectedException.class,
                        rejected -> {
                            assertThat(rejected.code()).isEqualTo(463);
                            assertThat(rejected.getMessage()).contains("privacy token");
                        });
        assertThat(refusals()).containsEntry("463", 1L);
        assertThat(sandbox.control().phoneMessages(BOB)).noneMatch(m -> m.text().equals("hello?"));
    }

    @Test
    void weIssueOurTokenToWhomWeWriteSoTheirRepliesPass() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        DeviceStore aliceStore = new InMemoryDeviceStore();
        DeviceStore bobStore = new InMemoryDeviceStore();
        WaClient alice = paired(ALICE, aliceStore, aliceEvents);
        WaClient bob = paired(BOB, bobStore, bobEvents);

        alice.messages().send(Jid.user(BOB), text("first contact")).get(15, TimeUnit.SECONDS);
        bobEvents.next(WaEvent.MessageReceived.class, WAIT);
        awaitToken(bobStore, Jid.user(ALICE));
        // Alice notes her issuance when the server answers her IQ, which may come after Bob's notification
        awaitIssued(aliceStore, Jid.user(BOB));

        bob.messages().send(Jid.user(ALICE), text("welcome")).get(15, TimeUnit.SECONDS);
        aliceEvents.next(WaEvent.MessageReceived.class, m -> m.message().getConversation().equals("welcome"), WAIT);
        assertThat(refusals()).doesNotContainKey("463");
    }

    /**
     * A token is kept under the issuer's LID once the pairing is known (whatsmeow {@code resolveTCTokenStorageLID}),
     * not under the number the notification names, and our reply to the number still carries it.
     */
    @Test
    void aTokenIsKeptUnderTheContactsLid() throws Exception {
        DeviceStore store = new InMemoryDeviceStore();
        EventRecorder events = new EventRecorder();
        WaClient alice = paired(ALICE, store, events);
        alice.messages().send(Jid.user(BOB), text("hello Bob")).get(15, TimeUnit.SECONDS); // usync: Bob's LID
        Jid bobLid = Jid.parse(sandbox.control().phoneLid(BOB));
        assertThat(store.lidMappings().lidOf(Jid.user(BOB))).contains(bobLid);

        String id = sandbox.control().phoneSendText(BOB, ALICE, "a token comes with this");
        events.next(WaEvent.MessageReceived.class, m -> m.id().equals(id), WAIT);
        awaitToken(store, Jid.user(BOB));
        assertThat(store.privacyTokens().get(bobLid)).hasValueSatisfying(entry ->
                assertThat(entry.token()).isNotEmpty());
        assertThat(store.privacyTokens().get(Jid.user(BOB))).isEmpty();

        alice.messages().send(Jid.user(BOB), text("and my answer carries it")).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "and my answer carries it");
    }

    private WaClient paired(String phone, DeviceStore store, EventRecorder events) throws Exception {
        return world.paired(phone, world.config().build(), store, events);
    }

    private static void awaitToken(DeviceStore store, Jid from) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (SandboxWorld.tokenOf(store, from).filter(e -> e.token().length > 0).isEmpty()) {
            assertThat(System.nanoTime()).as("a token from " + from).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitIssued(DeviceStore store, Jid to) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (SandboxWorld.tokenOf(store, to).flatMap(e -> e.senderTimestamp()).isEmpty()) {
            assertThat(System.nanoTime()).as("our token issued to " + to + " noted").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }

    private Map<String, Long> refusals() {
        return world.refusals();
    }
}
