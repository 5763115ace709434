package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Points of the twisted Edwards curve birationally equivalent to Curve25519 ({@code -x² + y² = 1 + d·x²·y²}), in
 * extended coordinates (X:Y:Z:T with x = X/Z, y = Y/Z, x·y = T/Z), over BouncyCastle's field arithmetic. Just what
 * XEdDSA needs: constant-time fixed-base multiplication (signing), variable-time multiplications and point decoding
 * (verification, on public data only), and the 32-byte encoding. Not for use outside this package.
 *
 * <p>Formulas are Hisil–Wong–Carter–Dawson's for a = -1 (complete on this curve, so they need no special cases).
 * Precomputed points are kept in two forms that save multiplications when added: affine "Niels" form
 * (y + x, y - x, 2d·x·y) and projective "cached" form (Y + X, Y - X, 2Z, 2d·T).
 */
final class EdwardsPoint {

    /** 2·d mod p, little-endian. */
    private static final byte[] TWO_D = HexFormat.of().parseHex(
            "59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");
    /** The base point's y = 4/5 with its x even, as encoded by RFC 8032. */
    private static final byte[] BASE_ENCODED = HexFormat.of().parseHex(
            "5866666666666666666666666666666666666666666666666666666666666666");
    /** Width of the signed windows of the variable-base multiplication (odd digits up to ±15). */
    private static final int NAF_WIDTH = 5;

    private static final int[] TWO_D_FIELD = decoded(TWO_D);
    /** d = -121665/121666 mod p, as half of 2d. */
    private static final int[] D_FIELD = halved(TWO_D_FIELD);
    /**
     * {@code BASE_TABLE[i][j] = (j + 1)·16^i·B} for i < 64, j < 8: with signed 4-bit digits in [-8, 8] every window of
     * a base multiplication is one entry, possibly negated. Public data, built once.
     */
    private static final Niels[][] BASE_TABLE = baseTable();

    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    private EdwardsPoint() {
    }

    static EdwardsPoint identity() {
        EdwardsPoint p = new EdwardsPoint();
        X25519Field.one(p.y);
        X25519Field.one(p.z);
        return p;
    }

    /** The standard base point B. */
    static EdwardsPoint base() {
        EdwardsPoint negated = decodeNegatedVar(BASE_ENCODED);
        if (negated == null) {
            throw new IllegalStateException("base point does not decode");
        }
        return negated.negated();
    }

    /**
     * {@code scalar · B} for a secret scalar below 2^255, in constant time: the scalar is recoded into 64 signed
     * 4-bit digits; for each, the whole table row is scanned and the entry selected and negated with masks, so
     * neither branches nor memory accesses depend on the scalar.
     */
    static EdwardsPoint multiplyBase(byte[] scalar) {
        int[] digits = signedDigits(scalar);
        EdwardsPoint result = identity();
        Niels selected = new Niels();
        for (int window = 0; window < 64; window++) {
            int digit = digits[window];
            int negative = digit >>> 31;
            int magnitude = (digit ^ -negative) + negative;
            selected.setIdentity();
            for (int j = 1; j <= 8; j++) {
                int mask = ((j ^ magnitude) - 1) >> 31; // all ones exactly when j == magnitude
                selected.cmov(mask, BASE_TABLE[window][j - 1]);
            }
            selected.cnegate(negative);
            addNiels(result, selected, result);
        }
        Arrays.fill(digits, 0);
        return result;
    }

    /** {@code scalar · B} for a public scalar below 2^255, in variable time: the same digits, looked up directly. */
    static EdwardsPoint multiplyBaseVar(byte[] scalar) {
        int[] digits = signedDigits(scalar);
        EdwardsPoint result = identity();
        Niels negatedEntry = new Niels();
        for (int window = 0; window < 64; window++) {
            int digit = digits[window];
            if (digit > 0) {
                addNiels(result, BASE_TABLE[window][digit - 1], result);
            } else if (digit < 0) {
                negatedEntry.copyNegated(BASE_TABLE[window][-digit - 1]);
                addNiels(result, negatedEntry, result);
            }
        }
        return result;
    }

    /**
     * {@code scalar · this} for a public scalar, in variable time: width-5 NAF digits (about one non-zero digit in
     * six) against the odd multiples P, 3P, ..., 15P.
     */
    EdwardsPoint multiplyVar(byte[] scalar) {
        int[] naf = nafDigits(scalar);
        Cached[] oddMultiples = new Cached[1 << (NAF_WIDTH - 2)];
        EdwardsPoint twiceThis = new EdwardsPoint();
        doubled(this, twiceThis, true);
        Cached step = Cached.of(twiceThis);
        EdwardsPoint multiple = this;
        for (int i = 0; i < oddMultiples.length; i++) {
            oddMultiples[i] = Cached.of(multiple);
            EdwardsPoint next = new EdwardsPoint();
            addCached(multiple, step, next);
            multiple = next;
        }
        EdwardsPoint result = identity();
        Cached negated = new Cached();
        int top = naf.length - 1;
        while (top > 0 && naf[top] == 0) {
            top--;
        }
        for (int i = top; i >= 0; i--) {
            int digit = naf[i];
            // T is only needed by an addition right after, or by whoever uses the result.
            doubled(result, result, digit != 0 || i == 0);
            if (digit > 0) {
                addCached(result, oddMultiples[digit >>> 1], result);
            } else if (digit < 0) {
                negated.copyNegated(oddMultiples[-digit >>> 1]);
                addCached(result, negated, result);
            }
        }
        return result;
    }

    /** {@code p + q} as a new point. */
    static EdwardsPoint sum(EdwardsPoint p, EdwardsPoint q) {
        EdwardsPoint out = new EdwardsPoint();
        addCached(p, Cached.of(q), out);
        return out;
    }

    /** {@code 2·p} as a new point. */
    static EdwardsPoint twice(EdwardsPoint p) {
        EdwardsPoint out = new EdwardsPoint();
        doubled(p, out, true);
        return out;
    }

    /** {@code -this} as a new point. */
    EdwardsPoint negated() {
        EdwardsPoint out = new EdwardsPoint();
        X25519Field.negate(x, out.x);
        X25519Field.copy(y, 0, out.y, 0);
        X25519Field.copy(z, 0, out.z, 0);
        X25519Field.negate(t, out.t);
        return out;
    }

    /**
     * Decodes an RFC 8032 encoding (y with the sign of x in the top bit) and returns the NEGATED point, as the
     * reference verifiers (ref10's {@code ge_frombytes_negate_vartime}) do: y is read modulo p with the top bit
     * ignored, and x = 0 is accepted whatever the sign bit says. Null when no x exists for this y. Variable time:
     * for public keys only.
     */
    static EdwardsPoint decodeNegatedVar(byte[] encoded) {
        int[] y = X25519Field.create();
        X25519Field.decode(encoded, 0, y); // drops bit 255
        int[] ySquared = X25519Field.create();
        X25519Field.sqr(y, ySquared);
        int[] u = X25519Field.create();
        X25519Field.copy(ySquared, 0, u, 0);
        X25519Field.subOne(u); // y² - 1
        int[] v = X25519Field.create();
        X25519Field.mul(D_FIELD, ySquared, v);
        X25519Field.addOne(v); // d·y² + 1
        X25519Field.carry(u);
        X25519Field.carry(v);
        int[] x = X25519Field.create();
        if (!X25519Field.sqrtRatioVar(u, v, x)) {
            return null;
        }
        X25519Field.carry(x);
        X25519Field.normalize(x);
        int wantedSign = (encoded[31] >>> 7) & 1;
        byte[] encodedX = new byte[32];
        X25519Field.encode(x, encodedX, 0);
        if ((encodedX[0] & 1) == wantedSign) {
            X25519Field.negate(x, x); // the negation of the point the encoding names
            X25519Field.carry(x);
        }
        EdwardsPoint p = new EdwardsPoint();
        X25519Field.copy(x, 0, p.x, 0);
        X25519Field.copy(y, 0, p.y, 0);
        X25519Field.one(p.z);
        X25519Field.mul(x, y, p.t);
        return p;
    }

    /** RFC 8032 encoding: y little-endian with the low bit of x in the top bit. */
    byte[] encode() {
        int[] inverseZ = X25519Field.create();
        X25519Field.inv(z, inverseZ);
        int[] affineX = X25519Field.create();
        int[] affineY = X25519Field.create();
        X25519Field.mul(x, inverseZ, affineX);
        X25519Field.mul(y, inverseZ, affineY);
        X25519Field.normalize(affineX);
        X25519Field.normalize(affineY);
        byte[] encoded = new byte[32];
        X25519Field.encode(affineY, encoded, 0);
        byte[] encodedX = new byte[32];
        X25519Field.encode(affineX, encodedX, 0);
        encoded[31] |= (byte) ((encodedX[0] & 1) << 7);
        return encoded;
    }

    /**
     * 64 digits in [-8, 8] with {@code scalar = Σ digit_i·16^i}, computed without branches: each nibble plus the
     * carry is brought into [-8, 7] by borrowing from the next; the last digit keeps the final carry (at most 8 for a
     * scalar below 2^255).
     */
    private static int[] signedDigits(byte[] scalar) {
        int[] digits = new int[64];
        int carry = 0;
        for (int i = 0; i < 64; i++) {
            int digit = ((scalar[i >>> 1] >>> ((i & 1) * 4)) & 0x0f) + carry;
            if (i < 63) {
                carry = (digit + 8) >> 4;
                digit -= carry << 4;
            }
            digits[i] = digit;
        }
        return digits;
    }

    /** Width-5 NAF of a public scalar: odd digits in [-15, 15], any two non-zero digits at least 5 apart. */
    private static int[] nafDigits(byte[] scalar) {
        int[] words = new int[9]; // 256 bits and room for the carry a negative digit leaves
        for (int i = 0; i < 32; i++) {
            words[i >>> 2] |= (scalar[i] & 0xff) << (8 * (i & 3));
        }
        int[] naf = new int[257];
        int window = 1 << NAF_WIDTH;
        for (int position = 0; position < naf.length; position++) {
            if ((words[0] & 1) != 0) {
                int digit = words[0] & (window - 1);
                if (digit >= window >>> 1) {
                    digit -= window;
                }
                naf[position] = digit;
                subtractSmall(words, digit);
            }
            shiftRightOne(words);
        }
        return naf;
    }

    private static void subtractSmall(int[] words, int value) {
        long borrow = -(long) value;
        for (int i = 0; i < words.length && borrow != 0; i++) {
            long sum = (words[i] & 0xffffffffL) + borrow;
            words[i] = (int) sum;
            borrow = sum >> 32;
        }
    }

    private static void shiftRightOne(int[] words) {
        for (int i = 0; i < words.length - 1; i++) {
            words[i] = (words[i] >>> 1) | (words[i + 1] << 31);
        }
        words[words.length - 1] >>>= 1;
    }

    private static Niels[][] baseTable() {
        Niels[][] table = new Niels[64][8];
        EdwardsPoint windowBase = base();
        for (int window = 0; window < 64; window++) {
            EdwardsPoint multiple = windowBase;
            Cached step = Cached.of(windowBase);
            for (int j = 0; j < 8; j++) {
                table[window][j] = Niels.of(multiple);
                EdwardsPoint next = new EdwardsPoint();
                addCached(multiple, step, next);
                multiple = next;
            }
            // multiple = 9·windowBase here; the next window's base is 16·windowBase.
            EdwardsPoint sixteen = windowBase;
            for (int i = 0; i < 4; i++) {
                sixteen = twice(sixteen);
            }
            windowBase = sixteen;
        }
        return table;
    }

    private static int[] decoded(byte[] encoded) {
        int[] element = X25519Field.create();
        X25519Field.decode(encoded, 0, element);
        return element;
    }

    private static int[] halved(int[] value) {
        int[] two = X25519Field.create();
        X25519Field.one(two);
        X25519Field.addOne(two);
        int[] inverse = X25519Field.create();
        X25519Field.inv(two, inverse);
        int[] half = X25519Field.create();
        X25519Field.mul(value, inverse, half);
        return half;
    }

    /** Mixed addition with an affine Niels point: 7 multiplications. {@code out} may alias {@code p}. */
    private static void addNiels(EdwardsPoint p, Niels q, EdwardsPoint out) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        X25519Field.sub(p.y, p.x, a);
        X25519Field.mul(a, q.yMinusX, a);
        X25519Field.add(p.y, p.x, b);
        X25519Field.mul(b, q.yPlusX, b);
        X25519Field.mul(p.t, q.xy2d, c);
        X25519Field.add(p.z, p.z, d);
        finishAddition(a, b, c, d, out);
    }

    /** Addition with a cached point: 8 multiplications. {@code out} may alias {@code p}. */
    private static void addCached(EdwardsPoint p, Cached q, EdwardsPoint out) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        X25519Field.sub(p.y, p.x, a);
        X25519Field.mul(a, q.yMinusX, a);
        X25519Field.add(p.y, p.x, b);
        X25519Field.mul(b, q.yPlusX, b);
        X25519Field.mul(p.t, q.t2d, c);
        X25519Field.mul(p.z, q.z2, d);
        finishAddition(a, b, c, d, out);
    }

    /** The common end of both additions: E = B - A, F = D - C, G = D + C, H = B + A. */
    private static void finishAddition(int[] a, int[] b, int[] c, int[] d, EdwardsPoint out) {
        int[] e = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        int[] h = X25519Field.create();
        X25519Field.sub(b, a, e);
        X25519Field.sub(d, c, f);
        X25519Field.add(d, c, g);
        X25519Field.add(b, a, h);
        X25519Field.carry(e);
        X25519Field.carry(f);
        X25519Field.carry(g);
        X25519Field.carry(h);
        X25519Field.mul(e, f, out.x);
        X25519Field.mul(g, h, out.y);
        X25519Field.mul(e, h, out.t);
        X25519Field.mul(f, g, out.z);
    }

    /**
     * Doubling ("dbl-2008-hwcd", a = -1): 4 squarings and 3 or 4 multiplications; T is skipped when the next step
     * is another doubling, which does not read it. {@code out} may alias {@code p}.
     */
    private static void doubled(EdwardsPoint p, EdwardsPoint out, boolean withT) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] e = X25519Field.create();
        X25519Field.sqr(p.x, a);
        X25519Field.sqr(p.y, b);
        X25519Field.sqr(p.z, c);
        X25519Field.add(c, c, c);
        X25519Field.add(p.x, p.y, e);
        X25519Field.sqr(e, e);
        X25519Field.sub(e, a, e);
        X25519Field.sub(e, b, e); // E = (x + y)² - x² - y² = 2xy
        int[] g = X25519Field.create();
        int[] f = X25519Field.create();
        int[] h = X25519Field.create();
        X25519Field.sub(b, a, g); // G = D + B with D = a·A = -A
        X25519Field.sub(g, c, f); // F = G - C
        X25519Field.add(a, b, h);
        X25519Field.negate(h, h); // H = D - B = -A - B
        X25519Field.carry(e);
        X25519Field.carry(f);
        X25519Field.carry(g);
        X25519Field.carry(h);
        X25519Field.mul(e, f, out.x);
        X25519Field.mul(g, h, out.y);
        if (withT) {
            X25519Field.mul(e, h, out.t);
        }
        X25519Field.mul(f, g, out.z);
    }

    /** An affine point as (y + x, y - x, 2d·x·y). */
    private static final class Niels {
        final int[] yPlusX = X25519Field.create();
        final int[] yMinusX = X25519Field.create();
        final int[] xy2d = X25519Field.create();

        static Niels of(EdwardsPoint p) {
            int[] inverseZ = X25519Field.create();
            X25519Field.inv(p.z, inverseZ);
            int[] affineX = X25519Field.create();
            int[] affineY = X25519Field.create();
            X25519Field.mul(p.x, inverseZ, affineX);
            X25519Field.mul(p.y, inverseZ, affineY);
            Niels n = new Niels();
            X25519Field.add(affineY, affineX, n.yPlusX);
            X25519Field.sub(affineY, affineX, n.yMinusX);
            X25519Field.carry(n.yPlusX);
            X25519Field.carry(n.yMinusX);
            X25519Field.mul(affineX, affineY, n.xy2d);
            X25519Field.mul(n.xy2d, TWO_D_FIELD, n.xy2d);
            return n;
        }

        void setIdentity() {
            X25519Field.one(yPlusX);
            X25519Field.one(yMinusX);
            X25519Field.zero(xy2d);
        }

        void cmov(int mask, Niels source) {
            X25519Field.cmov(mask, source.yPlusX, 0, yPlusX, 0);
            X25519Field.cmov(mask, source.yMinusX, 0, yMinusX, 0);
            X25519Field.cmov(mask, source.xy2d, 0, xy2d, 0);
        }

        /** Negates when {@code negate} is 1, without a branch: -(x, y) = (-x, y) swaps y ± x and negates xy2d. */
        void cnegate(int negate) {
            X25519Field.cswap(negate, yPlusX, yMinusX);
            X25519Field.cnegate(negate, xy2d);
        }

        void copyNegated(Niels source) {
            X25519Field.copy(source.yMinusX, 0, yPlusX, 0);
            X25519Field.copy(source.yPlusX, 0, yMinusX, 0);
            X25519Field.negate(source.xy2d, xy2d);
        }
    }

    /** A projective point as (Y + X, Y - X, 2Z, 2d·T). */
    private static final class Cached {
        final int[] yPlusX = X25519Field.create();
        final int[] yMinusX = X25519Field.create();
        final int[] z2 = X25519Field.create();
        final int[] t2d = X25519Field.create();

        static Cached of(EdwardsPoint p) {
            Cached c = new Cached();
            X25519Field.add(p.y, p.x, c.yPlusX);
            X25519Field.sub(p.y, p.x, c.yMinusX);
            X25519Field.carry(c.yPlusX);
            X25519Field.carry(c.yMinusX);
            X25519Field.add(p.z, p.z, c.z2);
            X25519Field.carry(c.z2);
            X25519Field.mul(p.t, TWO_D_FIELD, c.t2d);
            return c;
        }

        void copyNegated(Cached source) {
            X25519Field.copy(source.yMinusX, 0, yPlusX, 0);
            X25519Field.copy(source.yPlusX, 0, yMinusX, 0);
            X25519Field.copy(source.z2, 0, z2, 0);
            X25519Field.negate(source.t2d, t2d);
        }
    }
}
