package dev.wagateway.protocol.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.event.WaEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The presence and chat-state stanzas of protocol §12.7, both ways, including what the server may send wrongly. */
class PresenceStanzasTest {

    private static final Jid BOB = Jid.user("15550001002");

    @Test
    void ownPresenceCarriesThePushNameWithoutAt() {
        Node available = PresenceStanzas.presence(true, Optional.of("Acme @ Shop"));
        assertThat(available.attribute("type", "")).isEqualTo("available");
        assertThat(available.attribute("name", "")).isEqualTo("Acme  Shop");
        assertThat(PresenceStanzas.presence(false, Optional.empty()).attribute("name")).isEmpty();
    }

    @Test
    void aSubscriptionNamesTheUserAndCarriesTheirTokenWhenHeld() {
        Node subscribe = PresenceStanzas.subscribe(BOB.withDevice(3), Optional.of(new byte[]{1, 2}));
        assertThat(subscribe.attribute("type", "")).isEqualTo("subscribe");
        assertThat(subscribe.attribute("to", "")).isEqualTo(BOB.toString());
        assertThat(subscribe.child("tctoken").flatMap(Node::bytes)).hasValueSatisfying(bytes ->
                assertThat(bytes).containsExactly(1, 2));
        assertThat(PresenceStanzas.subscribe(BOB, Optional.empty()).children()).isEmpty();
    }

    @Test
    void incomingPresenceReadsAvailabilityAndLastSeen() {
        assertThat(PresenceStanzas.readPresence(Node.builder("presence").attribute("from", BOB).build()))
                .hasValue(new WaEvent.PresenceChanged(BOB, false, Optional.empty()));
        assertThat(PresenceStanzas.readPresence(Node.builder("presence").attribute("from", BOB)
                .attribute("type", "unavailable").attribute("last", "1774433730").build()))
                .hasValue(new WaEvent.PresenceChanged(BOB, true, Optional.of(Instant.ofEpochSecond(1774433730))));
        assertThat(PresenceStanzas.readPresence(Node.builder("presence").attribute("from", BOB)
                .attribute("type", "unavailable").attribute("last", "deny").build()).orElseThrow().lastSeen())
                .isEmpty();
        // garbage in "last" is no last seen, not a failure; no sender or another type is no event
        assertThat(PresenceStanzas.readPresence(Node.builder("presence").attribute("from", BOB)
                .attribute("type", "unavailable").attribute("last", "99999999999999999999").build()).orElseThrow()
                .lastSeen()).isEmpty();
        assertThat(PresenceStanzas.readPresence(Node.of("presence"))).isEmpty();
        assertThat(PresenceStanzas.readPresence(Node.builder("presence").attribute("from", BOB)
                .attribute("type", "error").build())).isEmpty();
    }

    @Test
    void incomingChatStatesOfUsersAndGroups() {
        assertThat(PresenceStanzas.readChatState(Node.builder("chatstate").attribute("from", BOB)
                .children(Node.builder("composing").attribute("media", "audio").build()).build(), "15550001001"))
                .hasValue(new WaEvent.ChatPresence(BOB, BOB, false, ChatState.RECORDING));
        Jid group = Jid.parse("120363000000000001@g.us");
        Jid me = Jid.user("15550001001");
        assertThat(PresenceStanzas.readChatState(Node.builder("chatstate").attribute("from", group)
                .attribute("participant", me.withDevice(2)).children(Node.of("paused")).build(), me.user()))
                .hasValue(new WaEvent.ChatPresence(group, me, true, ChatState.PAUSED));
        assertThat(PresenceStanzas.readChatState(Node.builder("chatstate").attribute("from", group)
                .children(Node.of("composing")).build(), me.user())).as("a group state without participant")
                .isEmpty();
        assertThat(PresenceStanzas.readChatState(Node.builder("chatstate").attribute("from", BOB)
                .children(Node.of("dancing")).build(), me.user())).isEmpty();
        assertThat(PresenceStanzas.readChatState(Node.builder("chatstate").attribute("from", BOB).build(),
                me.user())).isEmpty();
    }
}
