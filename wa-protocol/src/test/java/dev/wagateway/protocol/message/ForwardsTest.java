package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Forwarded content as Baileys' {@code generateForwardMessageContent} makes it: a text becomes an extended text,
 * the quote is dropped, the score grows by one per hop through someone else's hands, and the marks sit at
 * {@code contextInfo} (17) fields {@code forwardingScore} (21) and {@code isForwarded} (22).
 */
class ForwardsTest {

    @Test
    void someoneElsesTextIsForwardedWithScoreOneAndItsQuoteDropped() throws InvalidProtocolBufferException {
        Message quoted = Message.newBuilder().setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder()
                .setText("see above").setContextInfo(ContextInfo.newBuilder().setStanzaId("3EB0Q")
                        .setQuotedMessage(Message.newBuilder().setConversation("above")))).build();
        Message forwarded = Forwards.forward(quoted, false);
        assertThat(forwarded.getExtendedTextMessage().getText()).isEqualTo("see above");
        assertThat(forwarded.getExtendedTextMessage().getContextInfo().hasStanzaId()).isFalse();
        assertThat(Forwards.score(forwarded)).hasValue(1);

        UnknownFieldSet raw = UnknownFieldSet.parseFrom(Forwards.forward(Message.newBuilder()
                .setConversation("hello").build(), false).toByteArray());
        UnknownFieldSet context = UnknownFieldSet.parseFrom(UnknownFieldSet.parseFrom(raw.getField(6)
                .getLengthDelimitedList().getFirst()).getField(17).getLengthDelimitedList().getFirst());
        assertThat(context.getField(21).getVarintList()).containsExactly(1L);
        assertThat(context.getField(22).getVarintList()).containsExactly(1L);
    }

    @Test
    void theScoreCountsHopsThroughOthersOnly() {
        Message once = Forwards.forward(Message.newBuilder().setConversation("news").build(), false);
        Message twice = Forwards.forward(once, false);
        assertThat(Forwards.score(twice)).hasValue(2);
        assertThat(Forwards.score(Forwards.forward(twice, true))).hasValue(2);
        Message ownPlain = Forwards.forward(Message.newBuilder().setConversation("mine").build(), true);
        assertThat(Forwards.score(ownPlain)).isEmpty();
        assertThat(ownPlain.getExtendedTextMessage().getText()).isEqualTo("mine");
    }

    @Test
    void mediaKeepsItsFileAndReactionsAreNotForwarded() {
        Message image = Message.newBuilder().setImageMessage(Message.ImageMessage.newBuilder().setCaption("photo")
                .setMimetype("image/jpeg")).build();
        Message forwarded = Forwards.forward(image, false);
        assertThat(forwarded.getImageMessage().getCaption()).isEqualTo("photo");
        assertThat(forwarded.getImageMessage().getMimetype()).isEqualTo("image/jpeg");
        assertThat(Forwards.score(forwarded)).hasValue(1);
        assertThat(Forwards.score(image)).isEmpty();
        assertThatThrownBy(() -> Forwards.forward(Message.newBuilder().setReactionMessage(
                Message.ReactionMessage.newBuilder().setText("👍")).build(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
