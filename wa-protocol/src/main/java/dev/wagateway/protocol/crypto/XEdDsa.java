package dev.wagateway.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Signal's signatures over Curve25519 keys (XEdDSA): sign with the X25519 private key, verify with the X25519 public
 * key by mapping it to the Edwards curve. Verification also honours the older "curve_sigs" form, where the Edwards sign
 * bit of the public key travels in the top bit of the signature's last byte (XEdDSA signatures leave that bit 0).
 */
final class XEdDsa {

    /** The order of the base point, q = 2^252 + 27742317777372353535851937790883648493. */
    private static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    
    private XEdDsa() {
    }

    static byte[] sign(byte[] montgomeryPrivateKey, byte[] message, SecureRandom random) {
        byte[] clamped = Curve25519.clamp(montgomeryPrivateKey);
        byte[] publicEdwards = EdwardsPoint.multiplyBase(clamped).encode();
        BigInteger a = littleEndian(clamped).mod(ORDER);
        if ((publicEdwards[31] & 0x80) != 0) {
            // XEdDSA keeps the public key's sign bit 0: use -a, whose point is the negation.
            a = ORDER.subtract(a).mod(ORDER);
            publicEdwards[31] &= 0x7f;
        }
        byte[] aBytes = toLittleEndian(a);
        byte[] noise = new byte[64];
        random.nextBytes(noise);
        byte[] prefix = new byte[32];
        Arrays.fill(prefix, (byte) 0xff);
        prefix[0] = (byte) 0xfe;
        BigInteger r = littleEndian(Digests.sha512(prefix, aBytes, message, noise)).mod(ORDER);
        byte[] encodedR = EdwardsPoint.multiplyBase(toLittleEndian(r)).encode();
        BigInteger h = littleEndian(Digests.sha512(encodedR, publicEdwards, message)).mod(ORDER);
        BigInteger s = r.add(h.multiply(a)).mod(ORDER);
        byte[] signature = new byte[64];
        System.arraycopy(encodedR, 0, signature, 0, 32);
        System.arraycopy(toLittleEndian(s), 0, signature, 32, 32);
        Arrays.fill(aBytes, (byte) 0);
        Arrays.fill(clamped, (byte) 0);
        return signature;
    }

    static boolean verify(byte[] montgomeryPublicKey, byte[] message, byte[] signature) {
        if (montgomeryPublicKey == null || montgomeryPublicKey.length != 32 || message == null
                || signature == null || signature.length != 64) {
            return false;
        }
        byte[] edwardsKey = toEdwardsY(montgomeryPublicKey);
        if (edwardsKey == null) {
            return false;
        }
        edwardsKey[31] |= (byte) (signature[63] & 0x80);
        byte[] plainSignature = signature.clone();
        plainSignature[63] &= 0x7f;
        // With A mapped to Edwards form, the check [s]B = R + [SHA512(R‖A‖M)]A is Ed25519's own verification,
        // which also refuses a non-canonical s and an R off the curve.
        return Ed25519.verify(plainSignature, 0, edwardsKey, 0, message, 0, message.length);
    }

    /** y = (u - 1) / (u + 1), encoded; null when u is not a canonical field element or maps to no point. */
    private static byte[] toEdwardsY(byte[] u) {
        byte[] masked = u.clone();
        if ((masked[31] & 0x80) != 0) {
            return null;
        }
        int[] uField = X25519Field.create();
        X25519Field.decode(masked, 0, uField);
        X25519Field.normalize(uField);
        byte[] roundTrip = new byte[32];
        X25519Field.encode(uField, roundTrip, 0);
        if (!Arrays.equals(roundTrip, masked)) {
            return null; // u >= p
        }
        int[] numerator = X25519Field.create();
        int[] denominator = X25519Field.create();
        X25519Field.copy(uField, 0, numerator, 0);
        X25519Field.subOne(numerator);
        X25519Field.copy(uField, 0, denominator, 0);
        X25519Field.addOne(denominator);
        X25519Field.normalize(denominator);
        if (X25519Field.isZeroVar(denominator)) {
            return null; // u = -1 has no Edwards image
        }
        int[] inverse = X25519Field.create();
        X25519Field.inv(denominator, inverse);
        int[] y = X25519Field.create();
        X25519Field.mul(numerator, inverse, y);
        X25519Field.normalize(y);
        byte[] encoded = new byte[32];
        X25519Field.encode(y, encoded, 0);
        return encoded;
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[bytes.length - i] = bytes[i];
        }
        return new BigInteger(bigEndian);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 33; i++) {
            int target = bigEndian.length - 1 - i;
            if (i < 32) {
                out[i] = bigEndian[target];
            }
        }
        return out;
    }
}
