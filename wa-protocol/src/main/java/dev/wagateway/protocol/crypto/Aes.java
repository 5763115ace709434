package dev.wagateway.protocol.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-256 in the three modes WhatsApp uses: GCM (Noise, pairing), CBC with PKCS#7 (Signal, media), CTR (pairing). */
public final class Aes {

    private static final int GCM_TAG_BITS = 128;
    /** Bounded: a few more than the cores that can use one at a time; a miss only costs a lookup. */
    private static final int POOLED = 16;
    private static final InstancePool<Cipher> CBC =
            new InstancePool<>(POOLED, () -> Cipher.getInstance("AES/CBC/PKCS5Padding"));

    private Aes() {
    }

    /** AES-GCM with a 12-byte IV; the 16-byte tag is appended. {@code associatedData} may be null. */
    public static byte[] gcmEncrypt(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, key, iv, associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /** Opens AES-GCM; a wrong key, IV, AD or a modified ciphertext fails the tag check. */
    public static byte[] gcmDecrypt(byte[] key, byte[] iv, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException {
        if (ciphertextAndTag == null || ciphertextAndTag.length < GCM_TAG_BITS / 8) {
            throw new CryptoException("AES-GCM ciphertext shorter than its tag");
        }
        try {
            Cipher cipher = gcm(Cipher.DECRYPT_MODE, key, iv, associatedData);
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new CryptoException("AES-GCM tag mismatch");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    /** AES-256-CBC with PKCS#7 padding. */
    public static byte[] cbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            Cipher cipher = CBC.take();
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(key), new IvParameterSpec(iv));
            byte[] ciphertext = cipher.doFinal(plaintext);
            CBC.give(cipher);
            return ciphertext;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-CBC encryption failed: " + e.getMessage(), e);
        }
    }

    /** Opens AES-256-CBC; bad padding or a length that is not whole blocks is a {@link CryptoException}. */
    public static byte[] cbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) throws CryptoException {
        if (ciphertext == null || ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw new CryptoException("AES-CBC ciphertext is not a whole number of blocks");
        }
        try {
            Cipher cipher = CBC.take();
            cipher.init(Cipher.DECRYPT_MODE, aesKey(key), new IvParameterSpec(iv));
            byte[] plaintext = cipher.doFinal(ciphertext);
            CBC.give(cipher);
            return plaintext;
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new CryptoException("AES-CBC padding is invalid");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoException("AES-CBC decryption failed: " + e.getMessage(), e);
        }
    }

    /** AES-256-CTR from a 16-byte initial counter block; encryption and decryption are the same operation. */
    public static byte[] ctr(byte[] key, byte[] initialCounterBlock, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(key), new IvParameterSpec(initialCounterBlock));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-CTR failed: " + e.getMessage(), e);
        }
    }

    private static Cipher gcm(int mode, byte[] key, byte[] iv, byte[] associatedData) throws GeneralSecurityException {
        if (iv == null || iv.length != 12) {
            throw new IllegalArgumentException("AES-GCM takes a 12-byte IV");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, aesKey(key), new GCMParameterSpec(GCM_TAG_BITS, iv));
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
        return cipher;
    }

    private static SecretKeySpec aesKey(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("AES-256 takes a 32-byte key");
        }
        return new SecretKeySpec(key, "AES");
    }
}
