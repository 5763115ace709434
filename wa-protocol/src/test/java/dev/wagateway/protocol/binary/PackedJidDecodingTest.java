package dev.wagateway.protocol.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A JID pair with a packed user is read into one string; odd servers a hostile frame may carry are kept whole. */
class PackedJidDecodingTest {

    @Test
    void aPackedUserAndItsServerMakeOneJid() throws MalformedNodeException {
        assertThat(decodeJidAttribute(WireTags.NIBBLE_8, new byte[]{0x15, 0x55, 0x1f}, "s.whatsapp.net"))
                .isEqualTo("15551@s.whatsapp.net");
        assertThat(decodeJidAttribute(WireTags.HEX_8, new byte[]{(byte) 0xab, 0x12}, "lid"))
                .isEqualTo("AB12@lid");
    }

    @Test
    void aServerOutsideLatin1IsKeptCharacterForCharacter() throws MalformedNodeException {
        assertThat(decodeJidAttribute(WireTags.NIBBLE_8, new byte[]{0x12}, "\u0416.net")).isEqualTo("12@\u0416.net");
        assertThat(decodeJidAttribute(WireTags.NIBBLE_8, new byte[]{0x12}, "\u00e9.net")).isEqualTo("12@\u00e9.net");
    }

    /** {@code <iq jid=(packed user)@(server as raw bytes)/>}, framed with the uncompressed flag byte. */
    private static String decodeJidAttribute(int packedTag, byte[] packed, String server)
            throws MalformedNodeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0); // flags: not compressed
        out.write(WireTags.LIST_8);
        out.write(3); // tag + one attribute
        writeRaw(out, "iq");
        writeRaw(out, "jid");
        out.write(WireTags.JID_PAIR);
        out.write(packedTag);
        boolean odd = packedTag == WireTags.NIBBLE_8 && (packed[packed.length - 1] & 0x0f) == 0x0f;
        out.write(packed.length | (odd ? 0x80 : 0));
        out.writeBytes(packed);
        writeRaw(out, server);
        return NodeDecoder.decode(out.toByteArray()).attribute("jid").orElseThrow();
    }

    private static void writeRaw(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(WireTags.BINARY_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
