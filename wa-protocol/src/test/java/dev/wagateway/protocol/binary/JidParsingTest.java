package dev.wagateway.protocol.binary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Jid#parse}: every part read from the text, every malformed text refused with a clear message. */
class JidParsingTest {

    @Test
    void readsUserAgentDeviceAndServer() {
        assertThat(Jid.parse("15551234567@s.whatsapp.net")).isEqualTo(new Jid("15551234567", 0, 0, "s.whatsapp.net"));
        assertThat(Jid.parse("15551234567:12@s.whatsapp.net"))
                .isEqualTo(new Jid("15551234567", 0, 12, "s.whatsapp.net"));
        assertThat(Jid.parse("15551234567_1:3@s.whatsapp.net"))
                .isEqualTo(new Jid("15551234567", 1, 3, "s.whatsapp.net"));
        assertThat(Jid.parse("987654321_2@lid")).isEqualTo(new Jid("987654321", 2, 0, "lid"));
        assertThat(Jid.parse("120363021234567890@g.us")).isEqualTo(new Jid("120363021234567890", 0, 0, "g.us"));
        assertThat(Jid.parse("@s.whatsapp.net")).isEqualTo(Jid.SERVER);
        assertThat(Jid.parse("status@broadcast")).isEqualTo(Jid.STATUS_BROADCAST);
        assertThat(Jid.parse("15551234567:65535@s.whatsapp.net").device()).isEqualTo(65535);
    }

    @Test
    void anUnderscoreOutsidePhoneAndLidServersBelongsToTheUser() {
        assertThat(Jid.parse("some_name@newsletter")).isEqualTo(new Jid("some_name", 0, 0, "newsletter"));
    }

    @Test
    void aKnownServerIsTheConstantAndAnUnknownOneIsKept() {
        assertThat(Jid.parse("1@s.whatsapp.net").server()).isSameAs(Jid.USER_SERVER);
        assertThat(Jid.parse("1@hosted.lid").server()).isSameAs(Jid.HOSTED_LID_SERVER);
        assertThat(Jid.parse("1@example.net").server()).isEqualTo("example.net");
    }

    @Test
    void roundTripsThroughToString() {
        for (String text : new String[]{"1555:7@s.whatsapp.net", "1555_1:2@s.whatsapp.net", "42@lid", "x@g.us"}) {
            assertThat(Jid.parse(text).toString()).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "a@b@c", "1555@", "1555@S.WHATSAPP.NET", "1555@s.whatsapp.net1",
            "1555:@s.whatsapp.net", "1555:65536@s.whatsapp.net", "1555:123456@s.whatsapp.net",
            "1555:1a@s.whatsapp.net", "1555:\u0661@s.whatsapp.net", "1555_256@s.whatsapp.net",
            "1555_@s.whatsapp.net", "15 55@s.whatsapp.net", "15,55@s.whatsapp.net", "1555:1:2@s.whatsapp.net"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> Jid.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JID");
        assertThat(Jid.tryParse(text)).isEmpty();
    }

    @Test
    void refusesNullAndOverlongText() {
        assertThatThrownBy(() -> Jid.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jid.parse("1".repeat(300) + "@s.whatsapp.net"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }
}
