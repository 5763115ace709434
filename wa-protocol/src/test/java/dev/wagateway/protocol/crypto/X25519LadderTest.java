package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our X25519 ladder against RFC 7748's test vectors and against BouncyCastle on random and edge inputs. */
class X25519LadderTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc7748Section52Vectors() {
        assertThat(HEX.formatHex(X25519Ladder.scalarMult(
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        assertThat(HEX.formatHex(X25519Ladder.scalarMult(
                HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void rfc7748IteratedVectorAfterAThousandRounds() {
        byte[] k = HEX.parseHex("0900000000000000000000000000000000000000000000000000000000000000");
        byte[] u = k.clone();
        for (int i = 0; i < 1000; i++) {
            byte[] next = X25519Ladder.scalarMult(k, u);
            u = k;
            k = next;
            if (i == 0) {
                assertThat(HEX.formatHex(k))
                        .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void agreesWithBouncyCastleOnRandomAndEdgeInputs() {
        Random random = new Random(7748);
        for (int i = 0; i < 3000; i++) {
            byte[] scalar = new byte[32];
            byte[] u = new byte[32];
            random.nextBytes(scalar);
            random.nextBytes(u);
            switch (i % 6) {
                case 1 -> u[31] |= (byte) 0x80;                      // the ignored top bit set
                case 2 -> fill(u, 0xff);                             // 2^256 − 1: non-canonical
                case 3 -> { fill(u, 0xff); u[0] = (byte) 0xec; u[31] = 0x7f; } // p − 1
                case 4 -> { fill(u, 0xff); u[0] = (byte) 0xed; u[31] = 0x7f; } // p itself (≡ 0)
                case 5 -> { fill(u, 0); u[0] = (byte) (i % 256); }   // small values, low-order points among them
                default -> {
                }
            }
            byte[] expected = new byte[32];
            X25519.scalarMult(scalar, 0, u, 0, expected, 0);
            assertThat(HEX.formatHex(X25519Ladder.scalarMult(scalar, u)))
                    .as("scalar %s, u %s", HEX.formatHex(scalar), HEX.formatHex(u))
                    .isEqualTo(HEX.formatHex(expected));
        }
    }

    private static void fill(byte[] bytes, int value) {
        java.util.Arrays.fill(bytes, (byte) value);
    }
}
