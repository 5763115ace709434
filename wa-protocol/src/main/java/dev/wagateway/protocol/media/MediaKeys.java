package dev.wagateway.protocol.media;

import dev.wagateway.protocol.crypto.Hkdf;

import java.util.Arrays;

/**
 * The keys expanded from a file's 32-byte media key (protocol §9.2): {@code HKDF(mediaKey, info, 112)} split into IV,
 * cipher key, MAC key and the (unused) ref key.
 */
public record MediaKeys(byte[] iv, byte[] cipherKey, byte[] macKey, byte[] refKey) {

    public static final int MEDIA_KEY_LENGTH = 32;

    /** Expands {@code mediaKey} for {@code type}. */
    public static MediaKeys expand(byte[] mediaKey, MediaType type) {
        if (mediaKey == null || mediaKey.length != MEDIA_KEY_LENGTH) {
            throw new IllegalArgumentException("a media key has 32 bytes");
        }
        byte[] expanded = Hkdf.derive(mediaKey, null, type.keyInfoBytes(), 112);
        return new MediaKeys(Arrays.copyOfRange(expanded, 0, 16), Arrays.copyOfRange(expanded, 16, 48),
                Arrays.copyOfRange(expanded, 48, 80), Arrays.copyOfRange(expanded, 80, 112));
    }
}
