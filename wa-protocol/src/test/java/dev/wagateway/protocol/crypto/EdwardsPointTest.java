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
        for (int i = 0; i < 20; i++) {
            byte[] k = randomScalar();
            byte[] constantTime = EdwardsPoint.multiplyBase(k).encode();
            assertThat(EdwardsPoint.multiplyBaseVar(k).encode()).isEqualTo(constantTime);
            assertThat(EdwardsPoint.base().multiplyVar(k).encode()).isEqualTo(constantTime);
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
