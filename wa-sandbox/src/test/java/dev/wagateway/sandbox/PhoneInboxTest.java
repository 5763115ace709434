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

    private static ReceivedMessage edit(String id, long at) {
        Message edit = MessageActionStanzas.edit(AUTHOR, "3EB0A1", Message.newBuilder().setConversation("price: 90")
                .build(), Instant.ofEpochSecond(at));
        return PhoneInbox.read(id, AUTHOR, AUTHOR, edit, at).orElseThrow();
    }

    private static ReceivedMessage revoke(String id) {
        Message revoke = MessageActionStanzas.revoke(MessageActionStanzas.key(AUTHOR, AUTHOR, "3EB0A1", AUTHOR));
        return PhoneInbox.read(id, AUTHOR, AUTHOR, revoke, SENT).orElseThrow();
    }
}
