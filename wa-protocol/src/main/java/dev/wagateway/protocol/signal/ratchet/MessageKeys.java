package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.crypto.Hkdf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one pairwise message: HKDF(seed, no salt, "WhisperMessageKeys", 80) split into cipher key (32), MAC
 * key (32) and IV (16).
 *
 * @param cipherKey AES-256 key
 * @param macKey    HMAC-SHA256 key
 * @param iv        AES-CBC IV
 * @param counter   the message counter these keys belong to
 */
public record MessageKeys(byte[] cipherKey, byte[] macKey, byte[] iv, long counter) {

    private static final byte[] INFO = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);

    /** Derives the keys from a message key seed ({@code HMAC(chainKey, 0x01)}). */
    public static MessageKeys fromSeed(byte[] seed, long counter) {
        byte[] derived = Hkdf.derive(seed, null, INFO, 80);
        return new MessageKeys(Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64),
                Arrays.copyOfRange(derived, 64, 80), counter);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageKeys keys && counter == keys.counter && Arrays.equals(cipherKey, keys.cipherKey)
                && Arrays.equals(macKey, keys.macKey) && Arrays.equals(iv, keys.iv);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(counter) * 31 + Arrays.hashCode(macKey);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "MessageKeys[counter=" + counter + "]";
    }
}
