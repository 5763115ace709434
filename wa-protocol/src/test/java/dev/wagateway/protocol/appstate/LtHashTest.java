package dev.wagateway.protocol.appstate;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LTHash is a set hash: order-free, subtraction undoes addition, and words wrap modulo 2^16. */
class LtHashTest {

    private static final byte[] A = "first value mac".getBytes();
    private static final byte[] B = "second value mac".getBytes();
    private static final byte[] C = "third value mac".getBytes();

    @Test
    void orderDoesNotMatter() {
        assertThat(LtHash.zero().add(List.of(A, B, C))).isEqualTo(LtHash.zero().add(List.of(C, A, B)));
        assertThat(LtHash.zero().add(List.of(A)).add(List.of(B))).isEqualTo(LtHash.zero().add(List.of(B, A)));
    }

    @Test
    void subtractingUndoesAdding() {
        LtHash ab = LtHash.zero().add(List.of(A, B));
        assertThat(ab.subtract(List.of(A))).isEqualTo(LtHash.zero().add(List.of(B)));
        assertThat(ab.subtractThenAdd(List.of(A, B), List.of())).isEqualTo(LtHash.zero());
        assertThat(LtHash.zero().subtract(List.of(C)).add(List.of(C))).as("wraps below zero").isEqualTo(LtHash.zero());
    }

    @Test
    void addingAnItemAddsItsExpansionWordByWord() {
        // Protocol §A.8: adding ab×32 to the zero hash gives its HKDF expansion itself.
        byte[] item = new byte[32];
        java.util.Arrays.fill(item, (byte) 0xab);
        byte[] expanded = dev.wagateway.protocol.crypto.Hkdf.derive(item, null,
                "WhatsApp Patch Integrity".getBytes(), 128);
        assertThat(LtHash.zero().add(List.of(item)).bytes()).isEqualTo(expanded);
        byte[] twice = LtHash.zero().add(List.of(item, item)).bytes();
        for (int i = 0; i < 128; i += 2) {
            int word = (expanded[i] & 0xff) | (expanded[i + 1] & 0xff) << 8;
            int doubled = (2 * word) & 0xffff;
            assertThat((twice[i] & 0xff) | (twice[i + 1] & 0xff) << 8).as("word %d", i / 2).isEqualTo(doubled);
        }
    }

    @Test
    void isAValue() {
        byte[] bytes = LtHash.zero().add(List.of(A)).bytes();
        LtHash hash = LtHash.of(bytes);
        bytes[0] ^= 1;
        assertThat(hash.bytes()).isNotEqualTo(bytes);
        assertThat(hash).isEqualTo(LtHash.zero().add(List.of(A))).hasSameHashCodeAs(LtHash.zero().add(List.of(A)));
        assertThat(hash.toString()).contains(HexFormat.of().formatHex(hash.bytes()));
        assertThatThrownBy(() -> LtHash.of(new byte[127])).isInstanceOf(IllegalArgumentException.class);
    }
}
