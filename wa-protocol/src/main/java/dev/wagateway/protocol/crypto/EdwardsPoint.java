package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Points of the twisted Edwards curve birationally equivalent to Curve25519 ({@code -x² + y² = 1 + d·x²·y²}), in
 * extended coordinates, over BouncyCastle's field arithmetic. Just what XEdDSA needs: the base point, constant-time
 * fixed-base scalar multiplication (signing), variable-time multiplications and point decoding (verification, on
 * public data only), and the 32-byte encoding. Not for use outside this package.
 */
final class EdwardsPoint {

    /** 2·d mod p, little-endian. */
    private static final byte[] TWO_D = java.util.HexFormat.of().parseHex(
            "59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");
    /** The base point's y = 4/5 with its x even, as encoded by RFC 8032. */
    private static final byte[] BASE_ENCODED = java.util.HexFormat.of().parseHex(
            "5866666666666666666666666666666666666666666666666666666666666666");

    private static final int[] TWO_D_FIELD = decoded(TWO_D);
    /** d = -121665/121666 mod p, as half of 2d. */
    private static final int[] D_FIELD = halved(TWO_D_FIELD);
    /** Multiples j·16^i·B (i < 64, j < 16) for fixed-window base multiplication; public data, built once. */
    private static final EdwardsPoint[][] BASE_TABLE = baseTable();

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
        int[] y = X25519Field.create();
        X25519Field.decode(BASE_ENCODED, 0, y);
        int[] ySquared = X25519Field.create();
        X25519Field.sqr(y, ySquared);
        int[] d = X25519Field.create();
        X25519Field.decode(TWO_D, 0, d);
        int[] u = X25519Field.create();
        X25519Field.copy(ySquared, 0, u, 0);
        X25519Field.subOne(u); // y² - 1
        int[] v = X25519Field.create();
        X25519Field.mul(d, ySquared, v); // 2d·y²
        int[] halfInverse = X25519Field.create();
        // d·y² + 1 = (2d·y²)/2 + 1: multiply by the inverse of 2 through (p+1)/2
        int[] two = X25519Field.create();
        X25519Field.one(two);
        X25519Field.addOne(two);
        X25519Field.inv(two, halfInverse);
        X25519Field.mul(v, halfInverse, v);
        X25519Field.addOne(v);
        int[] x = X25519Field.create();
        if (!X25519Field.sqrtRatioVar(u, v, x)) {
            throw new IllegalStateException("base point does not decode");
        }
        X25519Field.normalize(x);
        byte[] encodedX = new byte[32];
        X25519Field.encode(x, encodedX, 0);
        if ((encodedX[0] & 1) != 0) {
            X25519Field.negate(x, x);
        }
        EdwardsPoint p = new EdwardsPoint();
        X25519Field.copy(x, 0, p.x, 0);
        X25519Field.copy(y, 0, p.y, 0);
        X25519Field.one(p.z);
        X25519Field.mul(x, y, p.t);
        return p;
    }

    /**
     * {@code scalar · B} for the base point, constant time: one table row per 4-bit window, each row scanned whole
     * and selected with masks, so neither branches nor memory accesses depend on the scalar.
     */
    static EdwardsPoint multiplyBase(byte[] scalar) {
        EdwardsPoint result = identity();
        EdwardsPoint selected = new EdwardsPoint();
        for (int window = 0; window < 64; window++) {
            int nibble = (scalar[window >>> 1] >>> ((window & 1) * 4)) & 0x0f;
            X25519Field.copy(BASE_TABLE[window][0].x, 0, selected.x, 0);
            X25519Field.copy(BASE_TABLE[window][0].y, 0, selected.y, 0);
            X25519Field.copy(BASE_TABLE[window][0].z, 0, selected.z, 0);
            X25519Field.copy(BASE_TABLE[window][0].t, 0, selected.t, 0);
            for (int j = 1; j < 16; j++) {
                int mask = ((j ^ nibble) - 1) >> 31; // all ones exactly when j == nibble
                EdwardsPoint candidate = BASE_TABLE[window][j];
                X25519Field.cmov(mask, candidate.x, 0, selected.x, 0);
                X25519Field.cmov(mask, candidate.y, 0, selected.y, 0);
                X25519Field.cmov(mask, candidate.z, 0, selected.z, 0);
                X25519Field.cmov(mask, candidate.t, 0, selected.t, 0);
            }
            add(result, selected, result);
        }
        return result;
    }

    /**
     * {@code scalar · B} in variable time, for public scalars only (verification): one table entry per 4-bit window,
     * looked up directly.
     */
    static EdwardsPoint multiplyBaseVar(byte[] scalar) {
        EdwardsPoint result = identity();
        for (int window = 0; window < 64; window++) {
            int nibble = (scalar[window >>> 1] >>> ((window & 1) * 4)) & 0x0f;
            if (nibble != 0) {
                add(result, BASE_TABLE[window][nibble], result);
            }
        }
        return result;
    }

    /**
     * {@code scalar · this} in variable time, for public scalars only (verification): 4-bit fixed windows from the
     * top, four doublings and at most one addition each.
     */
    EdwardsPoint multiplyVar(byte[] scalar) {
        EdwardsPoint[] multiples = new EdwardsPoint[16];
        multiples[0] = identity();
        multiples[1] = this;
        for (int j = 2; j < 16; j++) {
            EdwardsPoint next = new EdwardsPoint();
            if ((j & 1) == 0) {
                doubled(multiples[j >>> 1], next);
            } else {
                add(multiples[j - 1], this, next);
            }
            multiples[j] = next;
        }
        EdwardsPoint result = identity();
        for (int window = 63; window >= 0; window--) {
            for (int i = 0; i < 4; i++) {
                doubled(result, result);
            }
            int nibble = (scalar[window >>> 1] >>> ((window & 1) * 4)) & 0x0f;
            if (nibble != 0) {
                add(result, multiples[nibble], result);
            }
        }
        return result;
    }

    /** {@code p + q} as a new point. */
    static EdwardsPoint sum(EdwardsPoint p, EdwardsPoint q) {
        EdwardsPoint out = new EdwardsPoint();
        add(p, q, out);
        return out;
    }

    /** {@code 2·p} as a new point. */
    static EdwardsPoint twice(EdwardsPoint p) {
        EdwardsPoint out = new EdwardsPoint();
        doubled(p, out);
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

    private static EdwardsPoint[][] baseTable() {
        EdwardsPoint[][] table = new EdwardsPoint[64][16];
        EdwardsPoint windowBase = base();
        for (int window = 0; window < 64; window++) {
            table[window][0] = identity();
            for (int j = 1; j < 16; j++) {
                EdwardsPoint next = new EdwardsPoint();
                add(table[window][j - 1], windowBase, next);
                table[window][j] = next;
            }
            EdwardsPoint sixteen = new EdwardsPoint();
            add(table[window][15], windowBase, sixteen);
            windowBase = sixteen;
        }
        return table;
    }

    private static int[] decoded(byte[] encoded) {
        int[] element = X25519Field.create();
        X25519Field.decode(encoded, 0, element);
        return element;
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
     * Unified addition in extended coordinates (Hisil–Wong–Carter–Dawson, a = -1); complete on this curve, so it also
     * doubles. {@code out} may alias either input.
     */
    private static void add(EdwardsPoint p, EdwardsPoint q, EdwardsPoint out) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        int[] scratch = X25519Field.create();
        X25519Field.sub(p.y, p.x, a);
        X25519Field.sub(q.y, q.x, scratch);
        X25519Field.mul(a, scratch, a);
        X25519Field.add(p.y, p.x, b);
        X25519Field.add(q.y, q.x, scratch);
        X25519Field.mul(b, scratch, b);
        X25519Field.mul(p.t, TWO_D_FIELD, c);
        X25519Field.mul(c, q.t, c);
        X25519Field.mul(p.z, q.z, d);
        X25519Field.add(d, d, d);
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
     * Doubling in extended coordinates (Hisil–Wong–Carter–Dawson "dbl-2008-hwcd", a = -1): 4 squarings and 4
     * multiplications, against 9 multiplications for the unified addition. {@code out} may alias {@code p}.
     */
    private static void doubled(EdwardsPoint p, EdwardsPoint out) {
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
        X25519Field.mul(e, h, out.t);
        X25519Field.mul(f, g, out.z);
    }
}
