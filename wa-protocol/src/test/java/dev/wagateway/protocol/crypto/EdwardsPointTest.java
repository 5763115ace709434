package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Edwards arithmetic: the variable-time paths agree with the constant-time ones and with each other. */
class EdwardsPointTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void doublingEqualsAddingAPointToItself() {
        EdwardsPoint p = EdwardsPoint.multiplyBase(randomScalar());
        assertThat(EdwardsPoint.twice(p).encode()).isEqualTo(EdwardsPoint.sum(p, p).encode());
        EdwardsPoint identity = EdwardsPoint.identity();
        assertThat(EdwardsPoint.twice(identity).encode()).isEqualTo(identity.encode());
    }

    @Test
    void theThreeScalarMultiplicationsAgree() {
        for (int i = 0; i < 40; i++) {
            byte[] k = new byte[32];
            random.nextBytes(k);
            k[31] &= 0x7f; // any scalar below 2^255, clamped keys included
            byte[] constantTime = EdwardsPoint.multiplyBase(k).encode();
            assertThat(EdwardsPoint.multiplyBaseVar(k).encode()).isEqualTo(constantTime);
            assertThat(EdwardsPoint.base().multiplyVar(k).encode()).isEqualTo(constantTime);
            assertThat(EdwardsPoint.multiplyBase(Scalars.reduce(k)).encode()).as("B has order L")
                    .isEqualTo(constantTime);
        }
        byte[] allDigitsMaximal = new byte[32];
        java.util.Arrays.fill(allDigitsMaximal, (byte) 0x88); // every signed digit borrows
        allDigitsMaximal[31] = 0x78;
        assertThat(EdwardsPoint.multiplyBase(allDigitsMaximal).encode())
                .isEqualTo(EdwardsPoint.base().multiplyVar(allDigitsMaximal).encode());
        assertThat(EdwardsPoint.multiplyBase(new byte[32]).encode()).isEqualTo(EdwardsPoint.identity().encode());
    }

    @Test
    void multiplicationIsRepeatedAddition() {
        EdwardsPoint p = EdwardsPoint.multiplyBase(randomScalar());
        EdwardsPoint sum = EdwardsPoint.identity();
        for (int k = 0; k <= 40; k++) {
            byte[] scalar = new byte[32];
            scalar[0] = (byte) k;
            assertThat(p.multiplyVar(scalar).encode()).as("%d·P", k).isEqualTo(sum.encode());
            assertThat(EdwardsPoint.multiplyBaseVar(scalar).encode())
                    .isEqualTo(EdwardsPoint.multiplyBase(scalar).encode());
            sum = EdwardsPoint.sum(sum, p);
        }
    }

    @Test
    void decodingGivesTheNegatedPoint() {
        for (int i = 0; i < 20; i++) {
            EdwardsPoint p = EdwardsPoint.multiplyBase(randomScalar());
            EdwardsPoint negated = EdwardsPoint.decodeNegatedVar(p.encode());
            assertThat(negated).isNotNull();
            assertThat(EdwardsPoint.sum(p, negated).encode()).isEqualTo(EdwardsPoint.identity().encode());
        }
    }

    @Test
    void aYWithoutAnXDoesNotDecode() {
        // y = 2: (y² - 1)/(d·y² + 1) is not a square modulo p.
        byte[] encoded = new byte[32];
        encoded[0] = 2;
        assertThat(EdwardsPoint.decodeNegatedVar(encoded)).isNull();
    }

    @Test
    void theBasePointIsTheStandardOne() {
        assertThat(java.util.HexFormat.of().formatHex(EdwardsPoint.base().encode()))
                .isEqualTo("5866666666666666666666666666666666666666666666666666666666666666");
        byte[] one = new byte[32];
        one[0] = 1;
        assertThat(EdwardsPoint.multiplyBase(one).encode()).isEqualTo(EdwardsPoint.base().encode());
    }

    private byte[] randomScalar() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        k[31] &= 0x0f;
        return k;
    }
}
