package dev.wagateway.protocol.media;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.crypto.Hmac;

import java.util.Arrays;

/** Encryption and verified decryption of media files (protocol §9.3). */
public final class MediaCipher {

    /** Length of the truncated HMAC-SHA256 appended to the ciphertext. */
    public static final int MAC_LENGTH = 10;

    private MediaCipher() {
    }

    /**
     * Encrypts a file for upload: {@code AES-256-CBC(plaintext) ‖ HMAC-SHA256(macKey, iv ‖ ciphertext)[0:10]}, with
     * the two hashes the message carries.
     *
     * @param mediaKey the file's fresh 32-byte media key (it goes into the message)
     */
    public static EncryptedMedia encrypt(byte[] plaintext, byte[] mediaKey, MediaType type) {
        MediaKeys keys = MediaKeys.expand(mediaKey, type);
        byte[] ciphertext = Aes.cbcEncrypt(keys.cipherKey(), keys.iv(), plaintext);
        byte[] mac = Arrays.copyOf(Hmac.sha256(keys.macKey(), keys.iv(), ciphertext), MAC_LENGTH);
        byte[] encrypted = Arrays.copyOf(ciphertext, ciphertext.length + MAC_LENGTH);
        System.arraycopy(mac, 0, encrypted, ciphertext.length, MAC_LENGTH);
        return new EncryptedMedia(encrypted, Digests.sha256(plaintext), Digests.sha256(encrypted), plaintext.length);
    }

    /**
     * Checks the MAC (in constant time) and decrypts. When {@code expectedFileEncSha256} is given it is checked too
     * (a download that does not match what the message promised is refused).
     *
     * @throws CryptoException when the input is shorter than one block and a MAC, the hash or the MAC does not
     *                         match, or the padding is wrong
     */
    public static byte[] decrypt(byte[] encrypted, byte[] mediaKey, MediaType type, byte[] expectedFileEncSha256)
            throws CryptoException {
        if (encrypted == null || encrypted.length < MAC_LENGTH + 16) {
            throw new CryptoException("encrypted media is too short");
        }
        if (expectedFileEncSha256 != null && !ConstantTime.equals(Digests.sha256(encrypted), expectedFileEncSha256)) {
            throw new CryptoException("encrypted media does not match its fileEncSha256");
        }
        MediaKeys keys = MediaKeys.expand(mediaKey, type);
        byte[] ciphertext = Arrays.copyOf(encrypted, encrypted.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(encrypted, encrypted.length - MAC_LENGTH, encrypted.length);
        byte[] expected = Arrays.copyOf(Hmac.sha256(keys.macKey(), keys.iv(), ciphertext), MAC_LENGTH);
        if (!ConstantTime.equals(mac, expected)) {
            throw new CryptoException("media MAC mismatch");
        }
        return Aes.cbcDecrypt(keys.cipherKey(), keys.iv(), ciphertext);
    }
}
