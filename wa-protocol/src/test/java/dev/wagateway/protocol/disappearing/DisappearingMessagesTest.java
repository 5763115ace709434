package dev.wagateway.protocol.disappearing;

import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 1:1 timer setting and the expiration outgoing content carries (protocol §7.6). */
class DisappearingMessagesTest {

    @Test
    void theSettingIsAnEphemeralSettingProtocolMessageOfAStandardTimer() {
        Message setting = DisappearingMessages.setting(604_800, Instant.ofEpochSecond(1774433730));
        assertThat(setting.getProtocolMessage().getType()).isEqualTo(Message.ProtocolMessage.Type.EPHEMERAL_SETTING);
        assertThat(setting.getProtocolMessage().getEphemeralExpiration()).isEqualTo(604_800);
        assertThat(setting.getProtocolMessage().getEphemeralSettingTimestamp()).isEqualTo(1774433730L);
        assertThat(DisappearingMessages.settingOf(setting)).hasValue(604_800);
        // Baileys wraps it in ephemeralMessage
        Message wrapped = Message.newBuilder().setEphemeralMessage(Message.FutureProofMessage.newBuilder()
                .setMessage(DisappearingMessages.setting(0, Instant.now()))).build();
        assertThat(DisappearingMessages.settingOf(wrapped)).hasValue(0);
        assertThat(DisappearingMessages.settingOf(Message.newBuilder().setConversation("hi").build())).isEmpty();
        assertThatThrownBy(() -> DisappearingMessages.setting(3_600, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisappearingMessages.setting(-1, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outgoingContentCarriesTheExpirationAndKeepsItsContext() {
        Message text = DisappearingMessages.withExpiration(Message.newBuilder().setConversation("hi").build(), 86_400);
        assertThat(text.hasConversation()).isFalse();
        assertThat(text.getExtendedTextMessage().getText()).isEqualTo("hi");
        assertThat(DisappearingMessages.expirationOf(text)).hasValue(86_400);

        Message reply = Message.newBuilder().setExtendedTextMessage(Message.ExtendedTextMessage.newBuilder()
                .setText("yes").setContextInfo(ContextInfo.newBuilder().setStanzaId("3EB0AA"))).build();
        Message expiring = DisappearingMessages.withExpiration(reply, 86_400);
        assertThat(expiring.getExtendedTextMessage().getContextInfo().getStanzaId()).isEqualTo("3EB0AA");
        assertThat(expiring.getExtendedTextMessage().getContextInfo().getExpiration()).isEqualTo(86_400);

        Message image = Message.newBuilder().setImageMessage(Message.ImageMessage.newBuilder()
                .setCaption("c")).build();
        assertThat(DisappearingMessages.expirationOf(DisappearingMessages.withExpiration(image, 7_776_000)))
                .hasValue(7_776_000);
        assertThat(DisappearingMessages.withExpiration(image, 0)).isSameAs(image);
        Message setting = DisappearingMessages.setting(86_400, Instant.now());
        assertThat(DisappearingMessages.withExpiration(setting, 86_400)).as("protocol messages carry none")
                .isEqualTo(setting);
    }
}
