package dev.wagateway.protocol.signal.ratchet;

import java.util.Arrays;

/**
 * A message key kept for a message that has not arrived yet, as its seed ({@code HMAC(chainKey, 0x01)}).
 *
 * @param index the counter (or iteration) of the message
 * @param seed  32 bytes
 */
public record SkippedKey(long index, byte[] seed) {

    /** Checks the seed length. */
    public SkippedKey {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("a message key seed has 32 bytes");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SkippedKey key && index == key.index && Arrays.equals(seed, key.seed);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SkippedKey[" + index + "]";
    }
}
