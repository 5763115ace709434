package dev.wagateway.protocol.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM under one key, for one owner at a time (a Noise transport's writer or reader). It keeps its
 * {@link Cipher}: looking a cipher up and expanding the key again for every frame cost three times the encryption
 * of a 1 KiB frame itself. Not thread-safe.
 */
public final class AesGcm {

    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final Cipher cipher;

    /** A cipher for {@code key} (32 bytes, copied). */
    public AesGcm(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("AES-256 takes a 32-byte key");
        }
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    /** Seals {@code plaintext} under the 12-byte {@code iv}; the 16-byte tag is appended. AD may be null. */
    public byte[] encrypt(byte[] iv, byte[] plaintext, byte[] associatedData) {
        try {
            init(Cipher.ENCRYPT_MODE, iv, associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /** Opens a sealed payload; a wrong key, IV, AD or a modified ciphertext fails the tag check. */
    public byte[] decrypt(byte[] iv, byte[] ciphertextAndTag, byte[] associatedData) throws CryptoException {
        if (ciphertextAndTag == null || ciphertextAndTag.length < TAG_BITS / 8) {
            throw new CryptoException("AES-GCM ciphertext shorter than its tag");
        }
        try {
            init(Cipher.DECRYPT_MODE, iv, associatedData);
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new CryptoException("AES-GCM tag mismatch");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    private void init(int mode, byte[] iv, byte[] associatedData) throws GeneralSecurityException {
        if (iv == null || iv.length != 12) {
            throw new IllegalArgumentException("AES-GCM takes a 12-byte IV");
        }
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
    }
}
