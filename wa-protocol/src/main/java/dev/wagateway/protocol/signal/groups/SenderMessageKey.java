package dev.wagateway.protocol.signal.groups;

import dev.wagateway.protocol.crypto.Hkdf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one sender-key message: HKDF(seed, no salt, "WhisperGroup", 48) split into IV (16) and cipher key (32).
 *
 * @param iteration the message's iteration
 * @param iv        AES-CBC IV
 * @param cipherKey AES-256 key
 */
public record SenderMessageKey(long iteration, byte[] iv, byte[] cipherKey) {

    private static final byte[] INFO = "WhisperGroup".getBytes(StandardCharsets.US_ASCII);

    /** Derives the keys from a message key seed ({@code HMAC(chainKey, 0x01)}). */
    public static SenderMessageKey fromSeed(byte[] seed, long iteration) {
        byte[] derived = Hkdf.derive(seed, null, INFO, 48);
        return new SenderMessageKey(iteration, Arrays.copyOf(derived, 16), Arrays.copyOfRange(derived, 16, 48));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SenderMessageKey key && iteration == key.iteration && Arrays.equals(iv, key.iv)
                && Arrays.equals(cipherKey, key.cipherKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(iteration) * 31 + Arrays.hashCode(iv);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SenderMessageKey[iteration=" + iteration + "]";
    }
}
