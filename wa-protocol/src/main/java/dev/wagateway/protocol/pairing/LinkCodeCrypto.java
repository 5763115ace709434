package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.crypto.ByteArrays;
import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Hkdf;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The key material of pairing by code (protocol §4.4), for both sides: the companion wraps its ephemeral key with
 * the code, the primary does the same with its own, and both derive the new adv secret.
 */
public final class LinkCodeCrypto {

    /** PBKDF2 rounds WhatsApp uses to stretch the 8-character code. */
    public static final int PBKDF2_ITERATIONS = 2 << 16;
    public static final int WRAPPED_KEY_LENGTH = 80;
    public static final int WRAPPED_BUNDLE_LENGTH = 156;
    private static final byte[] BUNDLE_INFO = "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADV_SECRET_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);

    private LinkCodeCrypto() {
    }

    /** The AES key derived from the code and a salt. */
    public static byte[] codeKey(String code, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(LinkingCode.normalize(code).toCharArray(), salt, PBKDF2_ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 is not available", e);
        }
    }

    /** {@code salt(32) || iv(16) || AES-CTR(codeKey, iv, ephemeralPublic)}: 80 bytes. */
    public static byte[] wrapEphemeralKey(String code, byte[] ephemeralPublic, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        return wrapEphemeralKey(code, ephemeralPublic, salt, iv);
    }

    static byte[] wrapEphemeralKey(String code, byte[] ephemeralPublic, byte[] salt, byte[] iv) {
        requireLength("ephemeral public key", ephemeralPublic, 32);
        byte[] wrapped = ByteArrays.concat(salt, iv, Aes.ctr(codeKey(code, salt), iv, ephemeralPublic));
        requireLength("wrapped key", wrapped, WRAPPED_KEY_LENGTH);
        return wrapped;
    }

    /** Opens the other side's wrapped ephemeral key; at least 80 bytes, of which the first 80 are used. */
    public static byte[] unwrapEphemeralKey(String code, byte[] wrapped) throws CryptoException {
        if (wrapped == null || wrapped.length < WRAPPED_KEY_LENGTH) {
            throw new CryptoException("wrapped ephemeral key must have at least " + WRAPPED_KEY_LENGTH + " bytes");
        }
        byte[] salt = Arrays.copyOfRange(wrapped, 0, 32);
        byte[] iv = Arrays.copyOfRange(wrapped, 32, 48);
        return Aes.ctr(codeKey(code, salt), iv, Arrays.copyOfRange(wrapped, 48, 80));
    }

    /**
     * The companion's key bundle for the primary: {@code bundleSalt(32) || nonce(12) || AES-GCM(key, nonce,
     * companionIdentity || primaryIdentity || advRandom)}, 156 bytes.
     */
    public static byte[] wrapKeyBundle(byte[] ephemeralShared, byte[] companionIdentity, byte[] primaryIdentity,
                                       byte[] advRandom, byte[] bundleSalt, byte[] nonce) {
        requireLength("bundle salt", bundleSalt, 32);
        requireLength("bundle nonce", nonce, 12);
        byte[] key = Hkdf.derive(ephemeralShared, bundleSalt, BUNDLE_INFO, 32);
        byte[] sealed = Aes.gcmEncrypt(key, nonce, ByteArrays.concat(companionIdentity, primaryIdentity, advRandom), null);
        return ByteArrays.concat(bundleSalt, nonce, sealed);
    }

    /** The contents of a key bundle, as the primary reads them. */
    public record KeyBundle(byte[] companionIdentity, byte[] primaryIdentity, byte[] advRandom) {
    }

    /** Opens a key bundle (the primary's side); fails if it was not sealed with this shared secret. */
    public static KeyBundle openKeyBundle(byte[] ephemeralShared, byte[] wrappedBundle) throws CryptoException {
        if (wrappedBundle == null || wrappedBundle.length != WRAPPED_BUNDLE_LENGTH) {
            throw new CryptoException("wrapped key bundle must have " + WRAPPED_BUNDLE_LENGTH + " bytes");
        }
        byte[] key = Hkdf.derive(ephemeralShared, Arrays.copyOfRange(wrappedBundle, 0, 32), BUNDLE_INFO, 32);
        byte[] plain = Aes.gcmDecrypt(key, Arrays.copyOfRange(wrappedBundle, 32, 44),
                Arrays.copyOfRange(wrappedBundle, 44, wrappedBundle.length), null);
        return new KeyBundle(Arrays.copyOfRange(plain, 0, 32), Arrays.copyOfRange(plain, 32, 64),
                Arrays.copyOfRange(plain, 64, 96));
    }

    /** The adv secret both sides derive: {@code HKDF(ephemeralShared || identityShared || advRandom, "adv_secret")}. */
    public static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] advRandom) {
        return Hkdf.derive(ByteArrays.concat(ephemeralShared, identityShared, advRandom), null, ADV_SECRET_INFO, 32);
    }

    private static void requireLength(String what, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must have " + length + " bytes");
        }
    }

}
