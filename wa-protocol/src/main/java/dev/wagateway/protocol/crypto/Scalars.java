package dev.wagateway.protocol.crypto;

import java.math.BigInteger;

/**
 * Arithmetic modulo the order L = 2^252 + 27742317777372353535851937790883648493 of the Edwards base point, on
 * 32-byte little-endian scalars, in constant time: the signing scalars are secret, so no branch and no memory access
 * depends on their value. Numbers are held as signed 21-bit limbs in {@code long}s (products of two limbs and their
 * sums stay far below 2^63) and reduced by folding: since 2^252 ≡ -c (mod L) with c = L - 2^252 (125 bits), a limb
 * at weight 2^(252+21j) is replaced by its product with -c at weight 2^(21j).
 */
final class Scalars {

    static final int LENGTH = 32;

    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;
    private static final long HALF = 1L << (BITS - 1);
    /** Limbs of a 512-bit input (the last one holds 8 bits). */
    private static final int WIDE_LIMBS = 25;
    /** Limbs of a 256-bit input. */
    private static final int LIMBS = 13;
    /** The first limb at weight 2^252. */
    private static final int FOLD_FROM = 12;

    private static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    /** -c in six balanced 21-bit digits, each in [-2^20, 2^20). Public constants, derived once. */
    private static final long[] NEGATIVE_C = balancedDigits(ORDER.subtract(BigInteger.ONE.shiftLeft(252)).negate(), 6);
    private static final long[] TWO_L = digits(ORDER.shiftLeft(1), LIMBS);
    private static final long[] ONE_L = digits(ORDER, LIMBS);
    private static final byte[] ORDER_MINUS_ONE = toBytes(ORDER.subtract(BigInteger.ONE));

    private Scalars() {
    }

    /** {@code x mod L} for a 32- or 64-byte little-endian {@code x}. */
    static byte[] reduce(byte[] x) {
        if (x.length != LENGTH && x.length != 2 * LENGTH) {
            throw new IllegalArgumentException("a scalar to reduce has 32 or 64 bytes");
        }
        long[] limbs = load(x, WIDE_LIMBS);
        return finish(limbs);
    }

    /** {@code a·b + c mod L} for 32-byte little-endian inputs. */
    static byte[] multiplyAdd(byte[] a, byte[] b, byte[] c) {
        long[] x = load(a, LIMBS);
        long[] y = load(b, LIMBS);
        long[] product = load(c, WIDE_LIMBS);
        for (int i = 0; i < LIMBS; i++) {
            for (int j = 0; j < LIMBS; j++) {
                product[i + j] += x[i] * y[j]; // at most 13 products of 2^42 per limb
            }
        }
        carryFloor(product, WIDE_LIMBS);
        return finish(product);
    }

    /** {@code -a mod L}, as {@code a·(L-1)}. */
    static byte[] negate(byte[] a) {
        return multiplyAdd(a, ORDER_MINUS_ONE, new byte[LENGTH]);
    }

    /** {@code choice == 1 ? ifOne : ifZero}, without a branch on {@code choice}. */
    static byte[] select(int choice, byte[] ifOne, byte[] ifZero) {
        byte mask = (byte) -choice;
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) (ifZero[i] ^ ((ifZero[i] ^ ifOne[i]) & mask));
        }
        return out;
    }

    /**
     * Folds every limb at weight 2^252 and above into the lower ones, then brings the result into [0, L).
     * Precondition: every limb is at most 2^21 in magnitude.
     */
    private static byte[] finish(long[] t) {
        for (int k = WIDE_LIMBS - 1; k >= FOLD_FROM; k--) {
            long top = t[k];
            t[k] = 0;
            for (int i = 0; i < NEGATIVE_C.length; i++) {
                t[k - FOLD_FROM + i] += top * NEGATIVE_C[i];
            }
            // Balance the limbs below k-1 and leave the last carry in limb k-1, which the next round folds: every
            // limb stays below 2^21 + 2 in magnitude before it is multiplied.
            for (int i = k - FOLD_FROM; i < k - 1; i++) {
                long carry = (t[i] + HALF) >> BITS;
                t[i] -= carry << BITS;
                t[i + 1] += carry;
            }
        }
        // Now |value| < 2^253 < 2L: adding 2L makes it positive and below 4L; two conditional subtractions finish.
        for (int i = 0; i < LIMBS; i++) {
            t[i] += TWO_L[i];
        }
        carryFloor(t, LIMBS);
        subtractIfNotBelow(t, TWO_L);
        subtractIfNotBelow(t, ONE_L);
        return store(t);
    }

    /** Makes limbs 0..count-2 digits in [0, 2^21), carrying upwards (arithmetic shifts floor negative values). */
    private static void carryFloor(long[] t, int count) {
        for (int i = 0; i < count - 1; i++) {
            long carry = t[i] >> BITS;
            t[i] &= MASK;
            t[i + 1] += carry;
        }
    }

    /** {@code t = t >= m ? t - m : t} on non-negative digit vectors, by computing both and masking. */
    private static void subtractIfNotBelow(long[] t, long[] m) {
        long[] difference = new long[LIMBS];
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            long x = t[i] - m[i] + borrow;
            difference[i] = x & MASK;
            borrow = x >> BITS;
        }
        long keep = borrow; // all ones when t < m
        for (int i = 0; i < LIMBS; i++) {
            t[i] = (t[i] & keep) | (difference[i] & ~keep);
        }
    }

    private static long[] load(byte[] bytes, int limbs) {
        long[] t = new long[WIDE_LIMBS];
        long buffer = 0;
        int buffered = 0;
        int limb = 0;
        for (byte b : bytes) {
            buffer |= (long) (b & 0xff) << buffered;
            buffered += 8;
            if (buffered >= BITS) {
                t[limb++] = buffer & MASK;
                buffer >>>= BITS;
                buffered -= BITS;
            }
        }
        if (limb < limbs) {
            t[limb] = buffer;
        }
        return t;
    }

    private static byte[] store(long[] t) {
        byte[] out = new byte[LENGTH];
        long buffer = 0;
        int buffered = 0;
        int limb = 0;
        for (int i = 0; i < LENGTH; i++) {
            while (buffered < 8) {
                buffer |= t[limb++] << buffered;
                buffered += BITS;
            }
            out[i] = (byte) buffer;
            buffer >>>= 8;
            buffered -= 8;
        }
        return out;
    }

    private static long[] digits(BigInteger value, int count) {
        long[] out = new long[WIDE_LIMBS];
        BigInteger rest = value;
        for (int i = 0; i < count; i++) {
            out[i] = rest.longValue() & MASK;
            rest = rest.shiftRight(BITS);
        }
        if (rest.signum() != 0) {
            throw new IllegalStateException("constant does not fit");
        }
        return out;
    }

    private static long[] balancedDigits(BigInteger value, int count) {
        long[] out = new long[count];
        BigInteger rest = value;
        for (int i = 0; i < count; i++) {
            long digit = rest.longValue() & MASK;
            if (digit >= HALF) {
                digit -= 1L << BITS;
            }
            out[i] = digit;
            rest = rest.subtract(BigInteger.valueOf(digit)).shiftRight(BITS);
        }
        if (rest.signum() != 0) {
            throw new IllegalStateException("constant does not fit");
        }
        return out;
    }

    private static byte[] toBytes(BigInteger value) {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
