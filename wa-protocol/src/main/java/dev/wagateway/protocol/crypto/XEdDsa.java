package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Signal's signatures over Curve25519 keys (XEdDSA): sign with the X25519 private key, verify with the X25519 public
 * key mapped to the Edwards curve.
 *
 * <p>Signing follows the XEdDSA specification: the scalar is negated when needed so that the Edwards public key has
 * sign bit 0, and the signature's top bit is left 0. All scalar arithmetic on secrets is constant time.
 *
 * <p>Verification accepts and refuses exactly what libsignal's (curve25519-java's {@code curve25519_verify}) does,
 * including the older form where the Edwards sign bit of the key travels in the signature's top bit:
 * <ul>
 *   <li>the public key's top bit is ignored and a value at or above p is read modulo p (as {@code fe_frombytes});</li>
 *   <li>y = (u - 1)/(u + 1), where u = -1 gives y = 0 (inversion by exponentiation), and the signature's top bit
 *       becomes the sign bit of the Edwards key;</li>
 *   <li>s (the signature's second half without its top bit) must be below 2^253; s in [L, 2^253) is accepted and
 *       acts as s mod L;</li>
 *   <li>the check is {@code encode([s]B - [SHA-512(R ‖ A ‖ M) mod L]A) == R} on the bytes as given.</li>
 * </ul>
 */
final class XEdDsa {

    /** The first hash of XEdDSA is domain-separated by 2^256 - 2 (0xFE then 31 × 0xFF) as a 32-byte prefix. */
    private static final byte[] NONCE_PREFIX = noncePrefix();

    private XEdDsa() {
    }

    static byte[] sign(byte[] montgomeryPrivateKey, byte[] message, SecureRandom random) {
        byte[] clamped = Curve25519.clamp(montgomeryPrivateKey);
        byte[] publicEdwards = EdwardsPoint.multiplyBase(clamped).encode();
        byte[] reduced = Scalars.reduce(clamped);
        byte[] negated = Scalars.negate(reduced);
        // The Edwards key's sign bit is public (it is part of the public key's point); using -a moves the point to
        // the one with sign bit 0, as XEdDSA's calculate_key_pair does.
        int signBit = (publicEdwards[31] >>> 7) & 1;
        byte[] a = Scalars.select(signBit, negated, reduced);
        publicEdwards[31] &= 0x7f;

        byte[] noise = new byte[64];
        random.nextBytes(noise);
        byte[] r = Scalars.reduce(Digests.sha512(NONCE_PREFIX, a, message, noise));
        byte[] encodedR = EdwardsPoint.multiplyBase(r).encode();
        byte[] h = Scalars.reduce(Digests.sha512(encodedR, publicEdwards, message));
        byte[] s = Scalars.multiplyAdd(h, a, r);

        byte[] signature = new byte[Curve25519.SIGNATURE_LENGTH];
        System.arraycopy(encodedR, 0, signature, 0, 32);
        System.arraycopy(s, 0, signature, 32, 32);
        for (byte[] secret : new byte[][]{clamped, reduced, negated, a, noise, r, s}) {
            Arrays.fill(secret, (byte) 0);
        }
        return signature;
    }

    static boolean verify(byte[] montgomeryPublicKey, byte[] message, byte[] signature) {
        if (montgomeryPublicKey == null || montgomeryPublicKey.length != Curve25519.KEY_LENGTH || message == null
                || signature == null || signature.length != Curve25519.SIGNATURE_LENGTH) {
            return false;
        }
        if ((signature[63] & 0x60) != 0) {
            return false; // s >= 2^253 once the sign bit is removed: libsignal's "strict parsing of s"
        }
        byte[] edwardsKey = edwardsY(montgomeryPublicKey);
        edwardsKey[31] |= (byte) (signature[63] & 0x80);
        EdwardsPoint negatedKey = EdwardsPoint.decodeNegatedVar(edwardsKey);
        if (negatedKey == null) {
            return false;
        }
        byte[] encodedR = Arrays.copyOf(signature, 32);
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        s[31] &= 0x7f;
        byte[] h = Scalars.reduce(Digests.sha512(encodedR, edwardsKey, message));
        EdwardsPoint check = EdwardsPoint.sum(EdwardsPoint.multiplyBaseVar(s), negatedKey.multiplyVar(h));
        return MessageDigest.isEqual(check.encode(), encodedR);
    }

    /** The Edwards y of a public Montgomery u, encoded: (u - 1)/(u + 1), with 1/0 taken as 0. Variable time. */
    private static byte[] edwardsY(byte[] u) {
        int[] uField = X25519Field.create();
        X25519Field.decode(u, 0, uField); // drops bit 255; u >= p simply works modulo p
        int[] numerator = X25519Field.create();
        int[] denominator = X25519Field.create();
        X25519Field.copy(uField, 0, numerator, 0);
        X25519Field.subOne(numerator);
        X25519Field.copy(uField, 0, denominator, 0);
        X25519Field.addOne(denominator);
        X25519Field.carry(numerator);
        X25519Field.carry(denominator);
        int[] y = X25519Field.create();
        X25519Field.normalize(denominator);
        if (!X25519Field.isZeroVar(denominator)) { // u = -1: libsignal's exponentiation inverts 0 to 0, so y = 0
            int[] inverse = X25519Field.create();
            X25519Field.invVar(denominator, inverse);
            X25519Field.mul(numerator, inverse, y);
            X25519Field.normalize(y);
        }
        byte[] encoded = new byte[32];
        X25519Field.encode(y, encoded, 0);
        return encoded;
    }

    private static byte[] noncePrefix() {
        byte[] prefix = new byte[32];
        Arrays.fill(prefix, (byte) 0xff);
        prefix[0] = (byte) 0xfe;
        return prefix;
    }
}
