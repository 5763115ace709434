package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.crypto.Hmac;

import java.util.Arrays;

/**
 * A symmetric chain key and its index: each step yields a message key seed {@code HMAC(key, 0x01)} and the next
 * chain key {@code HMAC(key, 0x02)}. Used by pairwise chains and by sender-key chains alike.
 *
 * @param key   32 bytes
 * @param index the counter of the next message of this chain
 */
public record ChainKey(byte[] key, long index) {

    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};

    /** Checks the key length. */
    public ChainKey {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a chain key has 32 bytes");
        }
        if (index < 0) {
            throw new IllegalArgumentException("chain index must not be negative");
        }
    }

    /** The chain key one step further. */
    public ChainKey next() {
        return new ChainKey(Hmac.sha256(key, CHAIN_KEY_SEED), index + 1);
    }

    /** The seed of the message key at {@link #index()}. */
    public byte[] messageKeySeed() {
        return Hmac.sha256(key, MESSAGE_KEY_SEED);
    }

    /** The pairwise message keys at {@link #index()}. */
    public MessageKeys messageKeys() {
        return MessageKeys.fromSeed(messageKeySeed(), index);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainKey chain && index == chain.index && Arrays.equals(key, chain.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(key);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "ChainKey[index=" + index + "]";
    }
}
