package dev.wagateway.protocol.crypto;

/**
 * X25519 (RFC 7748 §5) on five 51-bit limbs held in {@code long}s. The left operand of every limb product is
 * shifted left by 11 bits first, so that the 128-bit product splits at bit 53 by itself: the high word
 * ({@link Math#unsignedMultiplyHigh}, one instruction on x86-64 and AArch64) is the part above bit 53 and the low
 * word shifted back is the part below, and the five products of a row add up in two longs without any carry
 * between them. Faster than BouncyCastle's ten 25.5-bit limbs (docs/benchmarks.md). The ladder is constant-time:
 * the same operations for every scalar, conditional swaps by masks.
 *
 * <p>Limb bounds, which every step below keeps: a reduced element (the output of {@link #mul}, {@link #square},
 * {@link #mulSmall}) has limbs below 2^51 + 2^16; a sum or difference of two reduced elements has limbs below
 * 2^53 (so the shifted operand fits in 64 bits), and only such values enter a multiplication: a row's high parts
 * then add up below 2^60 and its low parts below 2^56.
 */
final class X25519Ladder {

    private static final long MASK_51 = (1L << 51) - 1;
    private static final int A24 = 121665;

    private final long[] x1 = new long[5];
    private final long[] x2 = new long[5];
    private final long[] z2 = new long[5];
    private final long[] x3 = new long[5];
    private final long[] z3 = new long[5];
    private final long[] a = new long[5];
    private final long[] aa = new long[5];
    private final long[] b = new long[5];
    private final long[] bb = new long[5];
    private final long[] e = new long[5];
    private final long[] c = new long[5];
    private final long[] d = new long[5];
    private final long[] da = new long[5];
    private final long[] cb = new long[5];
    private final long[] t = new long[5];

    /** {@code scalar · u}: both 32 bytes little-endian; the scalar is clamped and u's top bit ignored (RFC 7748). */
    static byte[] scalarMult(byte[] scalar, byte[] u) {
        return new X25519Ladder().run(scalar, u);
    }

    private byte[] run(byte[] scalar, byte[] u) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        decode(u, x1);
        set(x2, 1);
        set(z2, 0);
        System.arraycopy(x1, 0, x3, 0, 5);
        set(z3, 1);
        int swap = 0;
        for (int bit = 254; bit >= 0; bit--) {
            int kt = (k[bit >>> 3] >>> (bit & 7)) & 1;
            swap ^= kt;
            conditionalSwap(swap, x2, x3);
            conditionalSwap(swap, z2, z3);
            swap = kt;
            add(a, x2, z2);
            square(aa, a);
            sub(b, x2, z2);
            square(bb, b);
            sub(e, aa, bb);
            add(c, x3, z3);
            sub(d, x3, z3);
            mul(da, d, a);
            mul(cb, c, b);
            add(t, da, cb);
            square(x3, t);
            sub(t, da, cb);
            square(t, t);
            mul(z3, x1, t);
            mul(x2, aa, bb);
            mulSmall(t, e, A24);
            add(t, t, aa);
            mul(z2, e, t);
        }
        conditionalSwap(swap, x2, x3);
        conditionalSwap(swap, z2, z3);
        invert(t, z2);
        mul(x2, x2, t);
        return encode(x2);
    }

    private static void set(long[] h, long value) {
        h[0] = value;
        h[1] = 0;
        h[2] = 0;
        h[3] = 0;
        h[4] = 0;
    }

    private static void decode(byte[] in, long[] h) {
        long w0 = le64(in, 0);
        long w1 = le64(in, 8);
        long w2 = le64(in, 16);
        long w3 = le64(in, 24) & Long.MAX_VALUE; // the top bit is ignored
        h[0] = w0 & MASK_51;
        h[1] = (w0 >>> 51 | w1 << 13) & MASK_51;
        h[2] = (w1 >>> 38 | w2 << 26) & MASK_51;
        h[3] = (w2 >>> 25 | w3 << 39) & MASK_51;
        h[4] = w3 >>> 12;
    }

    private static long le64(byte[] in, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (in[offset + i] & 0xff);
        }
        return value;
    }

    /** The canonical encoding: fully reduced below p, 32 bytes little-endian. */
    private static byte[] encode(long[] f) {
        long h0 = f[0];
        long h1 = f[1];
        long h2 = f[2];
        long h3 = f[3];
        long h4 = f[4];
        // two carry passes bring every limb below 2^51 and the value below 2p
        for (int pass = 0; pass < 2; pass++) {
            h1 += h0 >>> 51;
            h0 &= MASK_51;
            h2 += h1 >>> 51;
            h1 &= MASK_51;
            h3 += h2 >>> 51;
            h2 &= MASK_51;
            h4 += h3 >>> 51;
            h3 &= MASK_51;
            h0 += 19 * (h4 >>> 51);
            h4 &= MASK_51;
        }
        // subtract p when the value is at least p: add 19 and see whether bit 255 is reached
        long q = (h0 + 19) >>> 51;
        q = (h1 + q) >>> 51;
        q = (h2 + q) >>> 51;
        q = (h3 + q) >>> 51;
        q = (h4 + q) >>> 51;
        h0 += 19 * q;
        h1 += h0 >>> 51;
        h0 &= MASK_51;
        h2 += h1 >>> 51;
        h1 &= MASK_51;
        h3 += h2 >>> 51;
        h2 &= MASK_51;
        h4 += h3 >>> 51;
        h3 &= MASK_51;
        h4 &= MASK_51;
        byte[] out = new byte[32];
        putLe64(out, 0, h0 | h1 << 51);
        putLe64(out, 8, h1 >>> 13 | h2 << 38);
        putLe64(out, 16, h2 >>> 26 | h3 << 25);
        putLe64(out, 24, h3 >>> 39 | h4 << 12);
        return out;
    }

    private static void putLe64(byte[] out, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void conditionalSwap(int swap, long[] f, long[] g) {
        long mask = -swap;
        for (int i = 0; i < 5; i++) {
            long x = mask & (f[i] ^ g[i]);
            f[i] ^= x;
            g[i] ^= x;
        }
    }

    private static void add(long[] h, long[] f, long[] g) {
        for (int i = 0; i < 5; i++) {
            h[i] = f[i] + g[i];
        }
    }

    /** f − g + 2p: never negative, as g is reduced. */
    private static void sub(long[] h, long[] f, long[] g) {
        h[0] = f[0] + 0xfffffffffffdaL - g[0];
        h[1] = f[1] + 0xffffffffffffeL - g[1];
        h[2] = f[2] + 0xffffffffffffeL - g[2];
        h[3] = f[3] + 0xffffffffffffeL - g[3];
        h[4] = f[4] + 0xffffffffffffeL - g[4];
    }

    /**
     * The low part of a product whose left operand was shifted left by 11 (so it must be below 2^53): the product's
     * bits 0-52.
     */
    private static long low(long shifted, long y) {
        return (shifted * y) >>> 11;
    }

    /** The high part of the same product: its bits from 53 on, exactly (the shift put them in the high word). */
    private static long high(long shifted, long y) {
        return Math.unsignedMultiplyHigh(shifted, y);
    }

    private static void mul(long[] h, long[] f, long[] g) {
        long f0 = f[0] << 11;
        long f1 = f[1] << 11;
        long f2 = f[2] << 11;
        long f3 = f[3] << 11;
        long f4 = f[4] << 11;
        long g0 = g[0];
        long g1 = g[1];
        long g2 = g[2];
        long g3 = g[3];
        long g4 = g[4];
        long g1x19 = 19 * g1;
        long g2x19 = 19 * g2;
        long g3x19 = 19 * g3;
        long g4x19 = 19 * g4;
        long l0 = low(f0, g0) + low(f1, g4x19) + low(f2, g3x19) + low(f3, g2x19) + low(f4, g1x19);
        long h0 = high(f0, g0) + high(f1, g4x19) + high(f2, g3x19) + high(f3, g2x19) + high(f4, g1x19);
        long l1 = low(f0, g1) + low(f1, g0) + low(f2, g4x19) + low(f3, g3x19) + low(f4, g2x19);
        long h1 = high(f0, g1) + high(f1, g0) + high(f2, g4x19) + high(f3, g3x19) + high(f4, g2x19);
        long l2 = low(f0, g2) + low(f1, g1) + low(f2, g0) + low(f3, g4x19) + low(f4, g3x19);
        long h2 = high(f0, g2) + high(f1, g1) + high(f2, g0) + high(f3, g4x19) + high(f4, g3x19);
        long l3 = low(f0, g3) + low(f1, g2) + low(f2, g1) + low(f3, g0) + low(f4, g4x19);
        long h3 = high(f0, g3) + high(f1, g2) + high(f2, g1) + high(f3, g0) + high(f4, g4x19);
        long l4 = low(f0, g4) + low(f1, g3) + low(f2, g2) + low(f3, g1) + low(f4, g0);
        long h4 = high(f0, g4) + high(f1, g3) + high(f2, g2) + high(f3, g1) + high(f4, g0);
        reduce(h, l0, l1, l2, l3, l4, h0, h1, h2, h3, h4);
    }

    private static void square(long[] h, long[] f) {
        long f0 = f[0];
        long f1 = f[1];
        long f2 = f[2];
        long f3 = f[3];
        long f4 = f[4];
        long s0 = f0 << 11;
        long s1 = f1 << 11;
        long s2 = f2 << 11;
        long s3 = f3 << 11;
        long s4 = f4 << 11;
        long f1x2 = 2 * f1;
        long f2x2 = 2 * f2;
        long f3x2 = 2 * f3;
        long f4x2 = 2 * f4;
        long f3x19 = 19 * f3;
        long f3x38 = 38 * f3;
        long f4x19 = 19 * f4;
        long f4x38 = 38 * f4;
        long l0 = low(s0, f0) + low(s1, f4x38) + low(s2, f3x38);
        long h0 = high(s0, f0) + high(s1, f4x38) + high(s2, f3x38);
        long l1 = low(s0, f1x2) + low(s2, f4x38) + low(s3, f3x19);
        long h1 = high(s0, f1x2) + high(s2, f4x38) + high(s3, f3x19);
        long l2 = low(s0, f2x2) + low(s1, f1) + low(s3, f4x38);
        long h2 = high(s0, f2x2) + high(s1, f1) + high(s3, f4x38);
        long l3 = low(s0, f3x2) + low(s1, f2x2) + low(s4, f4x19);
        long h3 = high(s0, f3x2) + high(s1, f2x2) + high(s4, f4x19);
        long l4 = low(s0, f4x2) + low(s1, f3x2) + low(s2, f2);
        long h4 = high(s0, f4x2) + high(s1, f3x2) + high(s2, f2);
        reduce(h, l0, l1, l2, l3, l4, h0, h1, h2, h3, h4);
    }

    /** f · small (below 2^17) */
    private static void mulSmall(long[] h, long[] f, long small) {
        long f0 = f[0] << 11;
        long f1 = f[1] << 11;
        long f2 = f[2] << 11;
        long f3 = f[3] << 11;
        long f4 = f[4] << 11;
        reduce(h, low(f0, small), low(f1, small), low(f2, small), low(f3, small), low(f4, small),
                high(f0, small), high(f1, small), high(f2, small), high(f3, small), high(f4, small));
    }

    /**
     * Row k of a product is {@code l_k + 2^53 · h_k}, that is {@code 4 · h_k} in row k+1; row 5 is worth
     * 2^255 ≡ 19 and goes to rows 0 and 1 in two parts, so that multiplying it by 19 cannot overflow. Then every
     * limb passes its carry (below 2^12) to the next at once, not one after the other: the ladder waits on each
     * result, and a chain of five dependent carries was a third of a multiplication's latency.
     */
    private static void reduce(long[] h, long l0, long l1, long l2, long l3, long l4,
                               long h0, long h1, long h2, long h3, long h4) {
        long wrapped = h4 << 2;
        long r0 = l0 + 19 * (wrapped & MASK_51);
        long r1 = l1 + (h0 << 2) + 19 * (wrapped >>> 51);
        long r2 = l2 + (h1 << 2);
        long r3 = l3 + (h2 << 2);
        long r4 = l4 + (h3 << 2);
        h[0] = (r0 & MASK_51) + 19 * (r4 >>> 51);
        h[1] = (r1 & MASK_51) + (r0 >>> 51);
        h[2] = (r2 & MASK_51) + (r1 >>> 51);
        h[3] = (r3 & MASK_51) + (r2 >>> 51);
        h[4] = (r4 & MASK_51) + (r3 >>> 51);
    }

    private static void squareTimes(long[] h, long[] f, int times) {
        square(h, f);
        for (int i = 1; i < times; i++) {
            square(h, h);
        }
    }

    /** z^(p−2) = 1/z, by the usual chain of 254 squarings and 11 multiplications. */
    private static void invert(long[] out, long[] z) {
        long[] z2 = new long[5];
        long[] z9 = new long[5];
        long[] z11 = new long[5];
        long[] z5 = new long[5];
        long[] z10 = new long[5];
        long[] z20 = new long[5];
        long[] z50 = new long[5];
        long[] z100 = new long[5];
        long[] s = new long[5];
        square(z2, z);                 // 2
        squareTimes(s, z2, 2);         // 8
        mul(z9, s, z);                 // 9
        mul(z11, z9, z2);              // 11
        square(s, z11);                // 22
        mul(z5, s, z9);                // 2^5 − 1
        squareTimes(s, z5, 5);
        mul(z10, s, z5);               // 2^10 − 1
        squareTimes(s, z10, 10);
        mul(z20, s, z10);              // 2^20 − 1
        squareTimes(s, z20, 20);
        mul(s, s, z20);                // 2^40 − 1
        squareTimes(s, s, 10);
        mul(z50, s, z10);              // 2^50 − 1
        squareTimes(s, z50, 50);
        mul(z100, s, z50);             // 2^100 − 1
        squareTimes(s, z100, 100);
        mul(s, s, z100);               // 2^200 − 1
        squareTimes(s, s, 50);
        mul(s, s, z50);                // 2^250 − 1
        squareTimes(s, s, 5);          // 2^255 − 2^5
        mul(out, s, z11);              // 2^255 − 21 = p − 2
    }
}
