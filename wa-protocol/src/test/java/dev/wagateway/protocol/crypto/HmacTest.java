package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** HMAC-SHA256/512 against RFC 4231, over concatenated parts, and with an empty key; SHA-256 and the comparison. */
class HmacTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231TestCase1() {
        byte[] key = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(Hmac.sha256(key, data)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(HEX.formatHex(Hmac.sha512(key, data))).isEqualTo(
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    }

    @Test
    void partsAreConcatenated() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; // RFC 4231 case 2
        assertThat(HEX.formatHex(Hmac.sha256(key, "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(expected);
        assertThat(HEX.formatHex(Hmac.sha256(key, "what do ya ".getBytes(StandardCharsets.US_ASCII), new byte[0],
                "want for nothing?".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(expected);
    }

    @Test
    void anEmptyKeyIsAllowed() {
        assertThat(HEX.formatHex(Hmac.sha256(new byte[0])))
                .isEqualTo("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    }

    @Test
    void digestsAndComparisons() {
        assertThat(HEX.formatHex(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digests.sha256("a".getBytes(), "bc".getBytes())).isEqualTo(Digests.sha256("abc".getBytes()));
        assertThat(ConstantTime.equals(new byte[]{1, 2}, new byte[]{1, 2})).isTrue();
        assertThat(ConstantTime.equals(new byte[]{1, 2}, new byte[]{1, 3})).isFalse();
        assertThat(ConstantTime.equals(new byte[]{1, 2}, new byte[]{1, 2, 3})).isFalse();
        assertThat(ConstantTime.equals(null, new byte[0])).isFalse();
        assertThat(ConstantTime.equals(null, null)).isTrue();
        assertThat(SecureRandoms.create().generateSeed(1)).hasSize(1);
    }
}
