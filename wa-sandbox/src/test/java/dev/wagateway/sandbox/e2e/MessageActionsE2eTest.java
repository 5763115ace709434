package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.group.NewGroup;
import dev.wagateway.protocol.message.MessageAction;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.receipt.ReceiptKind;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the server does with message actions between two of our clients, as WhatsApp does: a group member's admin
 * revoke ({@code edit="8"}) is refused with 403 while the admin's reaches the member as a revoke; a
 * {@code read-self} receipt reaches only the reader's own other devices, never the sender.
 */
class MessageActionsE2eTest {

    private static final String ALICE = "15553330001";
    private static final String BOB = "15553330002";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void onlyAGroupAdminDeletesSomeoneElsesMessage() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = paired(ALICE, aliceEvents);
        WaClient bob = paired(BOB, bobEvents);
        Jid group = await(alice.groups().create(NewGroup.group("Shop floor", List.of(Jid.user(BOB))))).jid();

        String aliceSaid = await(alice.messages().send(group, text("the price is 10"))).id();
        bobEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(aliceSaid), WAIT);
        // bob is a member, not an admin: the server refuses his admin revoke
        Message memberRevoke = MessageActionStanzas.revoke(MessageActionStanzas.key(group, Jid.user(ALICE), aliceSaid,
                Jid.user(BOB)));
        assertThatThrownBy(() -> await(bob.messages().send(group, memberRevoke)))
                .satisfies(e -> assertThat(Causes.root(e)).isInstanceOfSatisfying(MessageRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(403)));

        String bobSaid = await(bob.messages().send(group, text("the price is 100"))).id();
        aliceEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(bobSaid), WAIT);
        String revokeId = await(alice.messages().send(group, MessageActionStanzas.revoke(
                MessageActionStanzas.key(group, Jid.user(BOB), bobSaid, Jid.user(ALICE))))).id();
        WaEvent.MessageReceived revoke = bobEvents.next(WaEvent.MessageReceived.class,
                m -> m.id().equals(revokeId), WAIT);
        assertThat(MessageAction.of(revoke.message())).get().isInstanceOfSatisfying(MessageAction.Revoke.class,
                r -> {
                    assertThat(r.target().getId()).isEqualTo(bobSaid);
                    assertThat(r.target().getParticipant()).isEqualTo(Jid.user(BOB).toString());
                });
        assertThat(revoke.sender().user()).isEqualTo(ALICE);
    }

    @Test
    void aReadSelfReceiptReachesOurOtherDeviceButNotTheSender() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder aliceTwoEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = paired(ALICE, aliceEvents);
        paired(ALICE, aliceTwoEvents);
        WaClient bob = paired(BOB, bobEvents);

        String quiet = await(bob.messages().send(Jid.user(ALICE), text("read me quietly"))).id();
        String open = await(bob.messages().send(Jid.user(ALICE), text("read me openly"))).id();
        aliceEvents.next(WaEvent.MessageReceived.class, m -> m.id().equals(open), WAIT);

        alice.receipts().mark(ReceiptKind.READ_SELF, Jid.user(BOB), Jid.user(BOB), List.of(quiet));
        WaEvent.ReceiptReceived own = aliceTwoEvents.next(WaEvent.ReceiptReceived.class,
                r -> r.messageIds().contains(quiet), WAIT);
        assertThat(own.type()).isEqualTo("read-self");
        assertThat(own.chat()).isEqualTo(Jid.user(BOB));

        alice.receipts().mark(ReceiptKind.READ, Jid.user(BOB), Jid.user(BOB), List.of(open));
        bobEvents.next(WaEvent.ReceiptReceived.class, r -> r.type().equals("read") && r.messageIds().contains(open),
                WAIT);
        // receipts reach bob in the order alice sent them: the read-self, had it been passed on, came first
        assertThat(bobEvents.all()).noneMatch(e -> e instanceof WaEvent.ReceiptReceived r
                && r.messageIds().contains(quiet) && !r.type().equals("delivered") && !r.type().equals("inactive"));
    }

    private WaClient paired(String phone, EventRecorder events) throws Exception {
        return world.paired(phone, world.config().build(), new InMemoryDeviceStore(), events);
    }

    private static Message text(String text) {
        return Message.newBuilder().setConversation(text).build();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
