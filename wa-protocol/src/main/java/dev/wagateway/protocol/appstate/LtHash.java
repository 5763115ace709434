package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.crypto.Hkdf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The 128-byte homomorphic hash of a collection's live value MACs (protocol §10.5): 64 little-endian 16-bit words;
 * adding an item adds {@code HKDF(item, no salt, "WhatsApp Patch Integrity", 128)} word by word modulo 2^16, and
 * subtracting takes it away again, so the hash depends only on the set of items, not on the order of operations.
 * Immutable.
 */
public final class LtHash {

    /** Length of the hash in bytes. */
    public static final int LENGTH = 128;

    private static final byte[] INFO = "WhatsApp Patch Integrity".getBytes(StandardCharsets.US_ASCII);
    private static final LtHash ZERO = new LtHash(new byte[LENGTH]);

    private final byte[] state;

    private LtHash(byte[] state) {
        this.state = state;
    }

    /** The hash of the empty set: 128 zero bytes. */
    public static LtHash zero() {
        return ZERO;
    }

    /** A hash from its 128 bytes (copied). */
    public static LtHash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an LTHash has 128 bytes");
        }
        return new LtHash(bytes.clone());
    }

    /** The 128 bytes (a copy). */
    public byte[] bytes() {
        return state.clone();
    }

    /** This hash with {@code items} added. */
    public LtHash add(List<byte[]> items) {
        return subtractThenAdd(List.of(), items);
    }

    /** This hash with {@code items} subtracted. */
    public LtHash subtract(List<byte[]> items) {
        return subtractThenAdd(items, List.of());
    }

    /** This hash with {@code removed} subtracted and {@code added} added (the order does not matter). */
    public LtHash subtractThenAdd(List<byte[]> removed, List<byte[]> added) {
        byte[] next = state.clone();
        for (byte[] item : removed) {
            mix(next, item, -1);
        }
        for (byte[] item : added) {
            mix(next, item, 1);
        }
        return new LtHash(next);
    }

    private static void mix(byte[] target, byte[] item, int sign) {
        byte[] expanded = Hkdf.derive(item, null, INFO, LENGTH);
        for (int i = 0; i < LENGTH; i += 2) {
            int word = (target[i] & 0xff) | (target[i + 1] & 0xff) << 8;
            int term = (expanded[i] & 0xff) | (expanded[i + 1] & 0xff) << 8;
            int sum = word + sign * term; // its low 16 bits are the sum modulo 2^16, negative sums included
            target[i] = (byte) sum;
            target[i + 1] = (byte) (sum >>> 8);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LtHash hash && Arrays.equals(state, hash.state);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "LtHash[" + HexFormat.of().formatHex(state) + "]";
    }
}
