package dev.wagateway.protocol.appstate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Index JSON formatted as JSON.stringify does, and parsed strictly. */
class IndexJsonTest {

    @Test
    void formatsCompactlyLikeJavaScript() {
        assertThat(text(List.of("mute", "15551234567@s.whatsapp.net")))
                .isEqualTo("[\"mute\",\"15551234567@s.whatsapp.net\"]");
        assertThat(text(List.of("setting_pushName"))).isEqualTo("[\"setting_pushName\"]");
        assertThat(text(List.of("a\"b\\c/d", "\n\t\u0001", "é😀"))).isEqualTo(
                "[\"a\\\"b\\\\c/d\",\"\\n\\t\\u0001\",\"é😀\"]");
        assertThat(text(List.of("\ud800"))).as("a lone surrogate is escaped").isEqualTo("[\"\\ud800\"]");
    }

    @Test
    void parsesWhatItFormatsAndWhatOthersWrite() {
        List<String> parts = List.of("star", "123@s.whatsapp.net", "3EB0ABC", "1", "0", "a\"\\\n😀");
        assertThat(IndexJson.parse(IndexJson.format(parts))).isEqualTo(parts);
        assertThat(IndexJson.parse(bytes(" [ \"a\" , \"\\u00e9\\/\" ] "))).containsExactly("a", "é/");
        assertThat(IndexJson.parse(bytes("[]"))).isEmpty();
    }

    @Test
    void refusesAnythingButAnArrayOfStrings() {
        for (String bad : new String[]{"", "[", "[\"a\"", "[\"a\",]", "[1]", "{\"a\":1}", "[\"a\"] x", "[\"\\x\"]",
                "[\"\\u12\"]", "[\"\\u+123\"]", "[\"a\nb\"]", "[null]"}) {
            assertThatThrownBy(() -> IndexJson.parse(bytes(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> IndexJson.parse(new byte[]{'[', '"', (byte) 0xc3, '"', ']'}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }

    private static String text(List<String> parts) {
        return new String(IndexJson.format(parts), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
