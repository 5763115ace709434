package dev.wagateway.sandbox.e2e;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.disappearing.DisappearingMessages;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.presence.ChatState;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.PresenceSeen;
import dev.wagateway.sandbox.ProfileUpdate;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.SandboxControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Presence and chat states between our client, another client and simulated phones through the strict sandbox:
 * subscriptions answered at once and on each change, last seen hidden by the account's privacy, chat states both
 * ways (and dropped for a user who blocked the sender), presence refused without a push name as whatsmeow refuses
 * it, and a 1:1 disappearing timer that the phone applies and that the chat's next message carries.
 */
class PresenceE2eTest {

    private static final String ALICE = "15550007001";
    private static final String BOB = "15550007002";
    private static final String CAROL = "15550007003";

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB, CAROL);
    private final SandboxControl control = world.sandbox.control();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void clientsSeeEachOthersPresenceAndTypingAndPrivacyHidesLastSeen() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        WaClient alice = paired(ALICE, aliceEvents);
        WaClient bob = paired(BOB, bobEvents);

        bob.presence().subscribe(Jid.user(ALICE));
        WaEvent.PresenceChanged never = bobEvents.next(WaEvent.PresenceChanged.class, WAIT);
        assertThat(never.from()).isEqualTo(Jid.user(ALICE));
        assertThat(never.unavailable()).isTrue();
        assertThat(never.lastSeen()).as("never online: no last seen").isEmpty();

        // whatsmeow's rule: no presence without a push name, refused before anything is sent
        assertThatThrownBy(() -> alice.presence().send(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("push name");
        alice.presence().setPushName("Alice's shop");
        alice.presence().send(true);
        assertThat(bobEvents.next(WaEvent.PresenceChanged.class, p -> !p.unavailable(), WAIT).from())
                .isEqualTo(Jid.user(ALICE));

        alice.presence().sendChatState(Jid.user(BOB), ChatState.COMPOSING);
        WaEvent.ChatPresence typing = bobEvents.next(WaEvent.ChatPresence.class, WAIT);
        assertThat(typing.chat()).isEqualTo(Jid.user(ALICE));
        assertThat(typing.sender()).isEqualTo(Jid.user(ALICE));
        assertThat(typing.fromMe()).isFalse();
        assertThat(typing.state()).isEqualTo(ChatState.COMPOSING);
        alice.presence().sendChatState(Jid.user(BOB), ChatState.RECORDING);
        assertThat(bobEvents.next(WaEvent.ChatPresence.class, WAIT).state()).isEqualTo(ChatState.RECORDING);
        alice.presence().sendChatState(Jid.user(BOB), ChatState.PAUSED);
        assertThat(bobEvents.next(WaEvent.ChatPresence.class, WAIT).state()).isEqualTo(ChatState.PAUSED);

        alice.presence().send(false);
        WaEvent.PresenceChanged offline = bobEvents.next(WaEvent.PresenceChanged.class, WaEvent.PresenceChanged::unavailable,
                WAIT);
        assertThat(offline.lastSeen()).as("last seen shown to all").isPresent();

        // Alice hides her last seen: Bob sees her go offline without it (last="deny")
        control.updateProfile(ALICE, new ProfileUpdate(null, null, Map.of("last_seen", "none"), null));
        alice.presence().send(true);
        bobEvents.next(WaEvent.PresenceChanged.class, p -> !p.unavailable(), WAIT);
        alice.presence().send(false);
        assertThat(bobEvents.next(WaEvent.PresenceChanged.class, WaEvent.PresenceChanged::unavailable, WAIT)
                .lastSeen()).isEmpty();
    }

    @Test
    void phonesAndClientsExchangeChatStatesAndABlockerHearsNothing() throws Exception {
        EventRecorder events = new EventRecorder();
        WaClient alice = paired(ALICE, events);

        // the phone goes online and types to Alice; Alice subscribed to it
        alice.presence().subscribe(Jid.user(BOB));
        events.next(WaEvent.PresenceChanged.class, WAIT);
        control.phonePresence(BOB, "available", null);
        assertThat(events.next(WaEvent.PresenceChanged.class, p -> !p.unavailable(), WAIT).from())
                .isEqualTo(Jid.user(BOB));
        assertThat(control.phonePresence(BOB, "composing", ALICE)).containsEntry("delivered", true);
        WaEvent.ChatPresence typing = events.next(WaEvent.ChatPresence.class, WAIT);
        assertThat(typing.sender()).isEqualTo(Jid.user(BOB));
        assertThat(typing.state()).isEqualTo(ChatState.COMPOSING);

        // Alice types to the phone: the phone sees it
        alice.presence().sendChatState(Jid.user(BOB), ChatState.RECORDING);
        awaitSeen(BOB, seen -> seen.type().equals("chatstate") && seen.from().equals(ALICE + "@s.whatsapp.net")
                && seen.state().equals("recording"));

        // the phone subscribes to Alice and sees her go online (she has a push name now)
        control.phonePresence(CAROL, "subscribe", ALICE);
        alice.presence().setPushName("Alice");
        alice.presence().send(true);
        awaitSeen(CAROL, seen -> seen.type().equals("presence") && seen.state().equals("available"));

        // Alice blocks Carol: Carol's typing is dropped, her next chat state to Alice never arrives
        control.updateProfile(ALICE, new ProfileUpdate(null, null, null, List.of(CAROL + "@s.whatsapp.net")));
        assertThat(control.phonePresence(CAROL, "composing", ALICE)).containsEntry("delivered", false);
        assertThat(control.phonePresence(BOB, "paused", ALICE)).containsEntry("delivered", true);
        WaEvent.ChatPresence next = events.next(WaEvent.ChatPresence.class, WAIT);
        assertThat(next.sender()).as("Bob's pause, not Carol's typing").isEqualTo(Jid.user(BOB));
        assertThat(events.all()).noneMatch(e -> e instanceof WaEvent.ChatPresence p
                && p.sender().equals(Jid.user(CAROL)));
    }

    @Test
    void aDisappearingTimerReachesThePhoneAndTheNextMessageCarriesIt() throws Exception {
        WaClient alice = paired(ALICE, new EventRecorder());

        alice.messages().send(Jid.user(BOB), DisappearingMessages.setting(86_400, Instant.now()))
                .get(15, TimeUnit.SECONDS);
        alice.messages().send(Jid.user(BOB), DisappearingMessages.withExpiration(
                Message.newBuilder().setConversation("gone tomorrow").build(), 86_400)).get(15, TimeUnit.SECONDS);
        world.awaitPhoneText(BOB, "gone tomorrow");

        List<ReceivedMessage> received = control.phoneMessages(BOB);
        assertThat(received).anySatisfy(m -> {
            assertThat(m.type()).isEqualTo("disappearing_timer");
            assertThat(m.expiration()).isEqualTo(86_400);
        });
        assertThat(received).filteredOn(m -> m.text().equals("gone tomorrow")).singleElement()
                .satisfies(m -> assertThat(m.expiration()).isEqualTo(86_400));
        assertThatThrownBy(() -> DisappearingMessages.setting(3_600, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private WaClient paired(String phone, EventRecorder events) throws Exception {
        return world.paired(phone, world.config().build(), new InMemoryDeviceStore(), events);
    }

    private void awaitSeen(String phone, Predicate<PresenceSeen> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            @SuppressWarnings("unchecked")
            List<PresenceSeen> seen = (List<PresenceSeen>) control.phonePresenceView(phone).get("received");
            if (seen.stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(phone + " was never shown it: " + control.phonePresenceView(phone));
    }
}
