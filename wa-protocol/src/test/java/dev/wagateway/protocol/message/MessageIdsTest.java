package dev.wagateway.protocol.message;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    @Test
    void reproducesTheAppendixVector() {
        byte[] random = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        assertThat(MessageIds.derive("5511999999999", 1_700_000_000L, random)).isEqualTo("3EB0CF074BD25C018553A2");
    }

    @Test
    void freshIdsAreUppercaseHexOf22CharactersAndDiffer() {
        MessageIds ids = new MessageIds(SecureRandoms.create());
        String first = ids.next("5511999999999", 1_700_000_000L);
        String second = ids.next("5511999999999", 1_700_000_000L);
        assertThat(first).matches("3EB0[0-9A-F]{18}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void stanzaTypeAndDeviceSentCopy() {
        Message text = Message.newBuilder().setConversation("hi").build();
        assertThat(MessageContent.stanzaType(text)).isEqualTo("text");
        assertThat(MessageContent.mediaType(text)).isNull();
        Message image = Message.newBuilder().setImageMessage(Message.ImageMessage.newBuilder()).build();
        assertThat(MessageContent.stanzaType(image)).isEqualTo("media");
        assertThat(MessageContent.mediaType(image)).isEqualTo("image");
        Message wrapped = Message.newBuilder().setEphemeralMessage(Message.FutureProofMessage.newBuilder()
                .setMessage(image)).build();
        assertThat(MessageContent.stanzaType(wrapped)).isEqualTo("media");

        Message copy = MessageContent.deviceSent("15550002222@s.whatsapp.net", text);
        assertThat(copy.getDeviceSentMessage().getDestinationJid()).isEqualTo("15550002222@s.whatsapp.net");
        assertThat(copy.getDeviceSentMessage().getMessage()).isEqualTo(text);
    }
}
