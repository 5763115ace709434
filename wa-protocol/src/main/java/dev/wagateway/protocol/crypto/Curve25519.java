package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;

/**
 * Curve25519 as WhatsApp uses it: X25519 key agreement (RFC 7748) and Signal's XEdDSA signatures with the same keys.
 * Public keys are accepted raw (32 bytes) or with Signal's {@code 0x05} type prefix (33 bytes).
 */
public final class Curve25519 {

    public static final int KEY_LENGTH = 32;
    /** Signal's "DJB" key-type prefix. */
    public static final byte DJB_TYPE = 0x05;
    public static final int SIGNATURE_LENGTH = 64;

    private Curve25519() {
    }

    /** A fresh key pair with a clamped private key. */
    public static KeyPair generateKeyPair(SecureRandom random) {
        byte[] privateKey = new byte[KEY_LENGTH];
        random.nextBytes(privateKey);
        return keyPairFromPrivate(privateKey);
    }

    /** The key pair of a private key (a clamped copy of it is kept). */
    public static KeyPair keyPairFromPrivate(byte[] privateKey) {
        byte[] clamped = clamp(privateKey);
        return new KeyPair(publicKey(clamped), clamped);
    }

    /** X25519 base-point multiplication; the scalar is clamped as RFC 7748 says. */
    public static byte[] publicKey(byte[] privateKey) {
        requireLength(privateKey, "private key");
        byte[] publicKey = new byte[KEY_LENGTH];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * X25519 agreement. An all-zero result (a small-order public key) is returned as is, as libsignal does; callers
     * mixing it into a KDF with other secrets stay safe.
     */
    public static byte[] sharedSecret(byte[] privateKey, byte[] publicKey) {
        requireLength(privateKey, "private key");
        // our 51-bit-limb ladder: faster than BouncyCastle's, the same results (X25519LadderTest)
        return X25519Ladder.scalarMult(privateKey, withoutTypePrefix(publicKey));
    }

    /** An XEdDSA signature (64 bytes) of {@code message} with the X25519 private key. */
    public static byte[] sign(byte[] privateKey, byte[] message, SecureRandom random) {
        requireLength(privateKey, "private key");
        return XEdDsa.sign(privateKey, message, random);
    }

    /** Checks an XEdDSA signature; false for any malformed key, message or signature, never an exception. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null) {
            return false;
        }
        byte[] raw;
        if (publicKey.length == KEY_LENGTH + 1 && publicKey[0] == DJB_TYPE) {
            raw = java.util.Arrays.copyOfRange(publicKey, 1, publicKey.length);
        } else if (publicKey.length == KEY_LENGTH) {
            raw = publicKey;
        } else {
            return false;
        }
        return XEdDsa.verify(raw, message, signature);
    }

    /** {@code 0x05 || key}: the 33-byte form used inside Signal messages and signatures. */
    public static byte[] withTypePrefix(byte[] rawPublicKey) {
        requireLength(rawPublicKey, "public key");
        byte[] prefixed = new byte[KEY_LENGTH + 1];
        prefixed[0] = DJB_TYPE;
        System.arraycopy(rawPublicKey, 0, prefixed, 1, KEY_LENGTH);
        return prefixed;
    }

    /** The raw 32-byte key from either form; anything else is an {@link IllegalArgumentException}. */
    public static byte[] withoutTypePrefix(byte[] publicKey) {
        if (publicKey != null && publicKey.length == KEY_LENGTH + 1 && publicKey[0] == DJB_TYPE) {
            return java.util.Arrays.copyOfRange(publicKey, 1, publicKey.length);
        }
        if (publicKey != null && publicKey.length == KEY_LENGTH) {
            return publicKey;
        }
        throw new IllegalArgumentException("a Curve25519 public key has 32 bytes, or 33 starting with 0x05");
    }

    static byte[] clamp(byte[] privateKey) {
        requireLength(privateKey, "private key");
        byte[] clamped = privateKey.clone();
        clamped[0] &= (byte) 248;
        clamped[31] &= 127;
        clamped[31] |= 64;
        return clamped;
    }

    private static void requireLength(byte[] key, String what) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a Curve25519 " + what + " has 32 bytes");
        }
    }
}
