package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.message.MessageActionStanzas;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a simulated phone applies of the edits and revokes it receives, as WhatsApp's apps do: the server cannot
 * read an edit's target (it is end-to-end encrypted), so the window is kept by the recipient, which ignores an edit
 * stamped after {@link MessageActionStanzas#EDIT_WINDOW} and any edit or 1:1 revoke by someone who did not write
 * the message.
 */
class PhoneInboxTest {

    private static final Jid AUTHOR = Jid.parse("15554440001@s.whatsapp.net");
    private static final Jid OTHER = Jid.parse("15554440002@s.whatsapp.net");
    private static final long SENT = 1_800_000_000L;

    @Test
    void anEditAfterTheWindowOrByAnotherIsIgnored() {
        PhoneInbox inbox = new PhoneInbox();
        Message original = Message.newBuilder().setConversation("price: 100").build();
        inbox.add(new ReceivedMessage("3EB0A1", AUTHOR.toString(), AUTHOR.toString(), "text", "price: 100", SENT),
                AUTHOR, original);
        long window = MessageActionStanzas.EDIT_WINDOW.toSeconds();

        assertThat(inbox.accepts(edit("3EB0E1", SENT + window), AUTHOR, SENT + window)).isTrue();
        assertThat(inbox.accepts(edit("3EB0E2", SENT + window + 1), AUTHOR, SENT + window + 1)).isFalse();
        assertThat(inbox.accepts(edit("3EB0E3", SENT + 60), OTHER, SENT + 60)).isFalse();
        assertThat(inbox.accepts(revoke("3EB0R1"), OTHER, SENT + 60)).isFalse();
        assertThat(inbox.accepts(revoke("3EB0R2"), AUTHOR, SENT + 86_400)).isTrue();
    }

    /**
     * A phone remembers its newest messages only: an edit or revoke of one it has forgotten is ignored, as an app
     * ignores one for a message it does not have, while the newer ones still take theirs.
     */
    @Test
    void aForgottenMessageTakesNoEditOrRevoke() {
        PhoneInbox inbox = new PhoneInbox(2);
        receive(inbox, "3EB0A1", "price: 100");
        receive(inbox, "3EB0A2", "size: L");
        receive(inbox, "3EB0A3", "colour: red");

        assertThat(inbox.find("3EB0A1")).isEmpty();
        assertThat(inbox.accepts(edit("3EB0E1", "3EB0A1", SENT + 60), AUTHOR, SENT + 60)).isFalse();
        assertThat(inbox.accepts(revoke("3EB0R1", "3EB0A1"), AUTHOR, SENT + 60)).isFalse();
        assertThat(inbox.accepts(edit("3EB0E2", "3EB0A2", SENT + 60), AUTHOR, SENT + 60)).isTrue();
        assertThat(inbox.find("3EB0A3").orElseThrow().content().getConversation()).isEqualTo("colour: red");
        assertThat(inbox.received()).extracting(ReceivedMessage::id).containsExactly("3EB0A1", "3EB0A2", "3EB0A3");
    }

    /** The state keeps the remembered messages and every correspondent, also those of forgotten messages. */
    @Test
    void aRestoredPhoneKeepsItsCorrespondentsAndNewestMessages() {
        PhoneInbox inbox = new PhoneInbox(1);
        receive(inbox, "3EB0A1", "price: 100");
        inbox.sent("3EB0B1", OTHER, Message.newBuilder().setConversation("hello").build(), SENT + 1, AUTHOR);

        PhoneInbox restored = new PhoneInbox(1);
        restored.restore(inbox.receivedSnapshot(), inbox.knownSnapshot(), inbox.correspondentsSnapshot());

        assertThat(restored.correspondents()).containsExactly(AUTHOR, OTHER);
        assertThat(restored.find("3EB0A1")).isEmpty();
        assertThat(restored.find("3EB0B1").orElseThrow().chat()).isEqualTo(OTHER);
        assertThat(restored.received()).extracting(ReceivedMessage::id).containsExactly("3EB0A1");
    }

    /**
     * Arrival times are those of this run: an entry restored from the state has none, and an id delivered twice keeps
     * its first arrival; the entries share one copy of their sender's and chat's texts.
     */
    @Test
    void arrivalsAreThisRunsFirstOnes() throws InterruptedException {
        PhoneInbox earlier = new PhoneInbox();
        receive(earlier, "3EB0A1", "price: 100");
        PhoneInbox inbox = new PhoneInbox();
        inbox.restore(earlier.receivedSnapshot(), earlier.knownSnapshot(), earlier.correspondentsSnapshot());

        receive(inbox, "3EB0A2", "size: L");
        long first = inbox.arrivals().get("3EB0A2");
        Thread.sleep(5);
        receive(inbox, "3EB0A2", "size: L");
        receive(inbox, "3EB0A1", "price: 100");

        assertThat(inbox.arrivals()).containsOnlyKeys("3EB0A2", "3EB0A1").containsEntry("3EB0A2", first);
        assertThat(inbox.arrivals().keySet()).containsExactly("3EB0A2", "3EB0A1");
        assertThat(inbox.received()).hasSize(4);
        assertThat(inbox.received().get(1).from()).isSameAs(inbox.received().get(2).from());
    }

    private static void receive(PhoneInbox inbox, String id, String text) {
        inbox.add(new ReceivedMessage(id, AUTHOR.toString(), AUTHOR.toString(), "text", text, SENT), AUTHOR,
                Message.newBuilder().setConversation(text).build());
    }

    private static ReceivedMessage edit(String id, long at) {
        return edit(id, "3EB0A1", at);
    }

    private static ReceivedMessage edit(String id, String target, long at) {
        Message edit = MessageActionStanzas.edit(AUTHOR, target, Message.newBuilder().setConversation("price: 90")
                .build(), Instant.ofEpochSecond(at));
        return PhoneInbox.read(id, AUTHOR, AUTHOR, edit, at).orElseThrow();
    }

    private static ReceivedMessage revoke(String id) {
        return revoke(id, "3EB0A1");
    }

    private static ReceivedMessage revoke(String id, String target) {
        Message revoke = MessageActionStanzas.revoke(MessageActionStanzas.key(AUTHOR, AUTHOR, target, AUTHOR));
        return PhoneInbox.read(id, AUTHOR, AUTHOR, revoke, SENT).orElseThrow();
    }
}
