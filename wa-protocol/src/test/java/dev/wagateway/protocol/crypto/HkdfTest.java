package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HKDF-SHA256 against the three SHA-256 test cases of RFC 5869 (appendix A). */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc5869TestCase1() {
        byte[] okm = Hkdf.derive(HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase2LongInputs() {
        byte[] okm = Hkdf.derive(range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869TestCase3NoSaltNoInfo() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        String expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
        assertThat(HEX.formatHex(Hkdf.derive(ikm, new byte[0], new byte[0], 42))).isEqualTo(expected);
        assertThat(HEX.formatHex(Hkdf.derive(ikm, null, null, 42))).as("null = empty").isEqualTo(expected);
        assertThat(HEX.formatHex(Hkdf.derive(ikm, new byte[32], new byte[0], 42))).as("no salt = 32 zero bytes")
                .isEqualTo(expected);
    }

    @Test
    void outputLengthIsBounded() {
        assertThat(Hkdf.derive(new byte[32], null, null, 0)).isEmpty();
        assertThat(Hkdf.derive(new byte[32], null, null, 255 * 32)).hasSize(255 * 32);
        assertThatThrownBy(() -> Hkdf.derive(new byte[32], null, null, 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.derive(new byte[32], null, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] range(int from, int to) {
        byte[] out = new byte[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }
}
