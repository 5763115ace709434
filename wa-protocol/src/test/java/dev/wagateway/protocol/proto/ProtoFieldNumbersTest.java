package dev.wagateway.protocol.proto;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Our schemas put fields where WhatsApp's do: checked on known encodings (protocol §1.3, §2, §14, appendix A.2). */
class ProtoFieldNumbersTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void textMessageIsFieldOne() {
        assertThat(HEX.formatHex(Message.newBuilder().setConversation("hi").build().toByteArray())).isEqualTo("0a026869");
    }

    @Test
    void clientHelloCarriesTheEphemeralInFieldTwoThenOne() {
        byte[] ephemeral = new byte[32];
        byte[] encoded = HandshakeMessage.newBuilder().setClientHello(HandshakeMessage.ClientHello.newBuilder()
                .setEphemeral(ByteString.copyFrom(ephemeral))).build().toByteArray();
        assertThat(HEX.formatHex(encoded)).startsWith("12220a20");
    }

    @Test
    void loginPayloadFieldsSitWhereTheServerReadsThem() throws Exception {
        ClientPayload payload = ClientPayload.newBuilder().setUsername(5511999999999L).setPassive(true).setDevice(3)
                .setPull(true).setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
                .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED).build();
        String hex = HEX.formatHex(payload.toByteArray());
        assertThat(hex).startsWith("08"); // username: field 1, varint
        assertThat(hex).contains("1801"); // passive: field 3
        assertThat(hex).contains("6001"); // connectType: field 12
        assertThat(hex).contains("6801"); // connectReason: field 13
        assertThat(hex).contains("9001" + "03"); // device: field 18
        assertThat(hex).contains("88" + "0201"); // pull: field 33
        assertThat(ClientPayload.parseFrom(payload.toByteArray()).getUsername()).isEqualTo(5511999999999L);
    }

    @Test
    void deviceSentMessageAndSenderKeyDistributionUseTheirNumbers() {
        Message dsm = Message.newBuilder().setDeviceSentMessage(Message.DeviceSentMessage.newBuilder()
                .setDestinationJid("1@s.whatsapp.net")).build();
        assertThat(HEX.formatHex(dsm.toByteArray())).startsWith("fa01"); // field 31, length-delimited
        Message skdm = Message.newBuilder().setSenderKeyDistributionMessage(Message.SenderKeyDistribution.newBuilder()
                .setGroupId("g")).build();
        assertThat(HEX.formatHex(skdm.toByteArray())).startsWith("12"); // field 2
    }

    @Test
    void historySyncRoundTripsWithItsTypeInFieldOne() throws Exception {
        HistorySync sync = HistorySync.newBuilder()
                .setSyncType(Message.HistorySyncNotification.HistorySyncType.RECENT)
                .addConversations(Conversation.newBuilder().setNewJid("1@s.whatsapp.net")
                        .addMessages(HistorySyncMsg.newBuilder().setMessage(WebMessageInfo.newBuilder()
                                .setKey(MessageKey.newBuilder().setId("X").setRemoteJid("1@s.whatsapp.net"))
                                .setMessage(Message.newBuilder().setConversation("old")))))
                .build();
        assertThat(HEX.formatHex(sync.toByteArray())).startsWith("0803");
        assertThat(HistorySync.parseFrom(sync.toByteArray())).isEqualTo(sync);
    }
}
