package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The constant-time scalar arithmetic against BigInteger, on random values and on the edges of every range. */
class ScalarsTest {

    private static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private final Random random = new Random(20261124);

    @Test
    void reducesSixtyFourByteValues() {
        for (BigInteger x : values(512)) {
            assertThat(toBig(Scalars.reduce(toBytes(x, 64)))).as("%s mod L", x).isEqualTo(x.mod(L));
        }
    }

    @Test
    void reducesThirtyTwoByteValues() {
        for (BigInteger x : values(256)) {
            assertThat(toBig(Scalars.reduce(toBytes(x, 32)))).as("%s mod L", x).isEqualTo(x.mod(L));
        }
    }

    @Test
    void multipliesAndAdds() {
        List<BigInteger> values = values(256);
        for (int i = 0; i < values.size(); i++) {
            BigInteger a = values.get(i);
            BigInteger b = values.get((i * 7 + 3) % values.size());
            BigInteger c = values.get((i * 13 + 5) % values.size());
            byte[] result = Scalars.multiplyAdd(toBytes(a, 32), toBytes(b, 32), toBytes(c, 32));
            assertThat(toBig(result)).as("%s·%s + %s", a, b, c).isEqualTo(a.multiply(b).add(c).mod(L));
        }
    }

    @Test
    void negates() {
        for (BigInteger x : values(252)) {
            BigInteger a = x.mod(L);
            assertThat(toBig(Scalars.negate(toBytes(a, 32)))).isEqualTo(a.negate().mod(L));
        }
        assertThat(Scalars.negate(new byte[32])).isEqualTo(new byte[32]);
    }

    @Test
    void selectsWithoutBranching() {
        byte[] one = toBytes(BigInteger.ONE, 32);
        byte[] two = toBytes(BigInteger.TWO, 32);
        assertThat(Scalars.select(1, one, two)).isEqualTo(one);
        assertThat(Scalars.select(0, one, two)).isEqualTo(two);
    }

    /** Random values below 2^bits plus the edges: 0, 1, L±1, multiples of L, powers of two, all ones. */
    private List<BigInteger> values(int bits) {
        BigInteger limit = BigInteger.ONE.shiftLeft(bits);
        List<BigInteger> values = new ArrayList<>();
        for (BigInteger edge : new BigInteger[]{BigInteger.ZERO, BigInteger.ONE, L.subtract(BigInteger.ONE), L,
                L.add(BigInteger.ONE), L.shiftLeft(1), L.shiftLeft(1).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(252), BigInteger.ONE.shiftLeft(253).subtract(BigInteger.ONE),
                L.multiply(L), L.multiply(L).subtract(BigInteger.ONE)}) {
            if (edge.compareTo(limit) < 0) {
                values.add(edge);
            }
        }
        for (int shift = 0; shift < bits; shift += 7) {
            values.add(BigInteger.ONE.shiftLeft(shift));
        }
        values.add(limit.subtract(BigInteger.ONE));
        for (int i = 0; i < 2000; i++) {
            values.add(new BigInteger(bits - random.nextInt(bits > 8 ? 8 : 1), random));
        }
        return values;
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static BigInteger toBig(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length + 1];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[littleEndian.length - i] = littleEndian[i];
        }
        return new BigInteger(bigEndian);
    }
}
