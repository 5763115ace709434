package dev.wagateway.protocol.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The action contents against the field numbers of whatsmeow's {@code WAWebProtobufsE2E.proto} and Baileys'
 * {@code WAProto.proto}, read back from the bytes without our generated classes, and the {@code edit} attribute and
 * {@code decrypt-fail} rule of whatsmeow's {@code getEditAttribute}/{@code prepareMessageNode}.
 */
class MessageActionStanzasTest {

    private static final Jid OWN = Jid.parse("15550001111:3@s.whatsapp.net");
    private static final Jid PEER = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid GROUP = Jid.parse("120363000000000001@g.us");
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);

    @Test
    void keysNameTheAuthorOnlyForSomeoneElsesGroupMessage() {
        assertThat(MessageActionStanzas.key(PEER, PEER.withDevice(2), "ID1", OWN)).isEqualTo(MessageKey.newBuilder()
                .setRemoteJid(PEER.toString()).setFromMe(false).setId("ID1").build());
        assertThat(MessageActionStanzas.key(PEER, OWN, "ID2", OWN).getFromMe()).isTrue();
        MessageKey inGroup = MessageActionStanzas.key(GROUP, PEER.withDevice(5), "ID3", OWN);
        assertThat(inGroup.getParticipant()).isEqualTo(PEER.toString());
        assertThat(MessageActionStanzas.key(GROUP, OWN, "ID4", OWN).hasParticipant()).isFalse();
    }

    @Test
    void aReactionIsField46WithKeyTextAndMillis() throws Exception {
        Message reaction = MessageActionStanzas.reaction(MessageActionStanzas.key(PEER, PEER, "ID1", OWN), "👍", AT);

        UnknownFieldSet fields = UnknownFieldSet.parseFrom(reaction.toByteArray());
        assertThat(fields.asMap()).containsOnlyKeys(46);
        UnknownFieldSet body = nested(fields, 46);
        UnknownFieldSet key = nested(body, 1);
        assertThat(text(key, 1)).isEqualTo(PEER.toString());
        assertThat(key.getField(2).getVarintList()).containsExactly(0L);
        assertThat(text(key, 3)).isEqualTo("ID1");
        assertThat(text(body, 2)).isEqualTo("👍");
        assertThat(body.getField(4).getVarintList()).containsExactly(AT.toEpochMilli());

        assertThat(MessageContent.stanzaType(reaction)).isEqualTo("reaction");
        assertThat(MessageContent.editAttribute(reaction)).isEmpty();
        assertThat(MessageContent.hideOnDecryptFailure(reaction)).isTrue();
        Message removal = MessageActionStanzas.reaction(MessageActionStanzas.key(PEER, PEER, "ID1", OWN), "", AT);
        assertThat(MessageContent.editAttribute(removal)).contains("7");
    }

    @Test
    void anEditIsWrappedInEditedMessageWithAProtocolMessageOfType14() throws Exception {
        Message edit = MessageActionStanzas.edit(PEER, "ID1", Message.newBuilder().setConversation("fixed").build(),
                AT);

        UnknownFieldSet fields = UnknownFieldSet.parseFrom(edit.toByteArray());
        assertThat(fields.asMap()).containsOnlyKeys(58);
        UnknownFieldSet protocol = nested(nested(nested(fields, 58), 1), 12);
        UnknownFieldSet key = nested(protocol, 1);
        assertThat(text(key, 1)).isEqualTo(PEER.toString());
        assertThat(key.getField(2).getVarintList()).containsExactly(1L);
        assertThat(text(key, 3)).isEqualTo("ID1");
        assertThat(protocol.getField(2).getVarintList()).containsExactly(14L);
        assertThat(text(nested(protocol, 14), 1)).isEqualTo("fixed");
        assertThat(protocol.getField(15).getVarintList()).containsExactly(AT.toEpochMilli());

        assertThat(MessageContent.editAttribute(edit)).contains("1");
        assertThat(MessageContent.hideOnDecryptFailure(edit)).isTrue();
        assertThat(MessageContent.stanzaType(edit)).isEqualTo("text");
        MessageAction read = MessageAction.of(edit).orElseThrow();
        assertThat(read).isInstanceOf(MessageAction.Edit.class);
        assertThat(((MessageAction.Edit) read).newContent().getConversation()).isEqualTo("fixed");
        assertThat(((MessageAction.Edit) read).editedAt()).contains(AT);
        // Baileys' form: the bare protocol message
        Message bare = edit.getEditedMessage().getMessage();
        assertThat(MessageAction.of(bare)).contains(read);
        assertThat(MessageContent.editAttribute(bare)).contains("1");
    }

    @Test
    void revokesAreProtocolMessagesOfType0SevenForOwnEightForAdmin() throws Exception {
        Message own = MessageActionStanzas.revoke(MessageActionStanzas.key(PEER, OWN, "ID1", OWN));
        UnknownFieldSet protocol = nested(UnknownFieldSet.parseFrom(own.toByteArray()), 12);
        assertThat(protocol.getField(2).getVarintList()).containsExactly(0L);
        assertThat(text(nested(protocol, 1), 3)).isEqualTo("ID1");
        assertThat(MessageContent.editAttribute(own)).contains("7");

        Message admin = MessageActionStanzas.revoke(MessageActionStanzas.key(GROUP, PEER, "ID2", OWN));
        assertThat(MessageContent.editAttribute(admin)).contains("8");
        assertThat(text(nested(nested(UnknownFieldSet.parseFrom(admin.toByteArray()), 12), 1), 4))
                .isEqualTo(PEER.toString());
        assertThat(MessageAction.of(admin)).contains(new MessageAction.Revoke(admin.getProtocolMessage().getKey()));
        assertThat(MessageContent.hideOnDecryptFailure(admin)).isTrue();
    }

    @Test
    void aReplyCarriesTheQuoteInExtendedTextContextInfo() throws Exception {
        Message quoted = Message.newBuilder().setConversation("order #12?").build();
        Message reply = MessageActionStanzas.replyText("shipped", new MessageActionStanzas.Quote("ID9",
                PEER.withDevice(4), quoted, Optional.empty()), List.of(PEER));

        UnknownFieldSet text = nested(UnknownFieldSet.parseFrom(reply.toByteArray()), 6);
        assertThat(text(text, 1)).isEqualTo("shipped");
        UnknownFieldSet context = nested(text, 17);
        assertThat(text(context, 1)).isEqualTo("ID9");
        assertThat(text(context, 2)).isEqualTo(PEER.toString());
        assertThat(text(nested(context, 3), 1)).isEqualTo("order #12?");
        assertThat(context.hasField(4)).as("remoteJid only for another chat").isFalse();
        assertThat(text(context, 15)).isEqualTo(PEER.toString());
        assertThat(MessageContent.editAttribute(reply)).isEmpty();
        assertThat(MessageContent.hideOnDecryptFailure(reply)).isFalse();
        assertThat(MessageAction.of(reply)).isEmpty();
    }

    @Test
    void theDisappearingTimerIsAProtocolMessageOfType3WithOnlyStandardDurations() throws Exception {
        Message timer = MessageActionStanzas.disappearingTimer(604_800, AT);
        UnknownFieldSet protocol = nested(UnknownFieldSet.parseFrom(timer.toByteArray()), 12);
        assertThat(protocol.getField(2).getVarintList()).containsExactly(3L);
        assertThat(protocol.getField(4).getVarintList()).containsExactly(604_800L);
        assertThat(protocol.getField(5).getVarintList()).containsExactly(AT.getEpochSecond());
        assertThat(MessageAction.of(timer)).isEmpty();
        assertThatThrownBy(() -> MessageActionStanzas.disappearingTimer(3600, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UnknownFieldSet nested(UnknownFieldSet fields, int number) throws InvalidProtocolBufferException {
        List<ByteString> values = fields.getField(number).getLengthDelimitedList();
        assertThat(values).as("field %d", number).hasSize(1);
        return UnknownFieldSet.parseFrom(values.getFirst());
    }

    private static String text(UnknownFieldSet fields, int number) {
        List<ByteString> values = fields.getField(number).getLengthDelimitedList();
        assertThat(values).as("field %d", number).hasSize(1);
        return values.getFirst().toStringUtf8();
    }
}
