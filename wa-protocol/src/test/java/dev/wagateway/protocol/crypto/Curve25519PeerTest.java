package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against curve25519-java: signatures cross both ways, and for every tampered signature and odd
 * public key (flipped bits, s + L, s at or above 2^253, a key's top bit, keys at or above p, small-order keys with
 * signatures forged for them) our verification says exactly what libsignal's says.
 */
class Curve25519PeerTest {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private static Curve25519Peer peer;

    private final SecureRandom random = new SecureRandom();
    private final Random seeded = new Random(25519);

    @BeforeAll
    static void loadPeer() throws Exception {
        peer = Curve25519Peer.load();
    }

    @Test
    void keysAndAgreementMatch() {
        // curve25519-java clamps when it generates a key, not when it uses one: compare on clamped keys.
        for (int i = 0; i < 50; i++) {
            KeyPair pair = Curve25519.keyPairFromPrivate(bytes(32));
            KeyPair other = Curve25519.generateKeyPair(random);
            assertThat(pair.publicKey()).isEqualTo(peer.publicKey(pair.privateKey()));
            assertThat(Curve25519.sharedSecret(pair.privateKey(), other.publicKey()))
                    .isEqualTo(peer.agreement(pair.privateKey(), other.publicKey()));
        }
    }

    @Test
    void signaturesCrossBothWays() {
        for (int i = 0; i < 100; i++) {
            KeyPair pair = Curve25519.generateKeyPair(random);
            byte[] message = bytes(seeded.nextInt(300));
            assertThat(peer.verify(pair.publicKey(), message, Curve25519.sign(pair.privateKey(), message, random)))
                    .as("libsignal verifies our signature").isTrue();
            assertThat(Curve25519.verify(pair.publicKey(), message, peer.sign(pair.privateKey(), message)))
                    .as("we verify libsignal's signature").isTrue();
        }
    }

    @Test
    void everyTamperedSignatureGetsLibsignalsVerdict() {
        for (int i = 0; i < 60; i++) {
            KeyPair pair = Curve25519.generateKeyPair(random);
            byte[] message = bytes(1 + seeded.nextInt(100));
            byte[] signature = i % 2 == 0 ? Curve25519.sign(pair.privateKey(), message, random)
                    : peer.sign(pair.privateKey(), message);
            for (int bit = 0; bit < 512; bit += 1 + seeded.nextInt(12)) {
                byte[] tampered = signature.clone();
                tampered[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertSameVerdict(pair.publicKey(), message, tampered);
            }
            assertSameVerdict(pair.publicKey(), message, withS(signature, s(signature).add(L)));
            assertSameVerdict(pair.publicKey(), message, withS(signature, s(signature).add(L.shiftLeft(1))));
            assertSameVerdict(pair.publicKey(), message, withS(signature, s(signature).setBit(253)));
            assertSameVerdict(pair.publicKey(), message, withS(signature, s(signature).setBit(254)));
            byte[] topBitKey = pair.publicKey().clone();
            topBitKey[31] ^= (byte) 0x80;
            assertSameVerdict(topBitKey, message, signature);
        }
    }

    @Test
    void sPlusLIsAcceptedAndSAbove2To253IsNotAsLibsignalDoes() {
        KeyPair pair = Curve25519.generateKeyPair(random);
        byte[] message = bytes(32);
        byte[] signature = Curve25519.sign(pair.privateKey(), message, random);
        byte[] plusL = withS(signature, s(signature).add(L));
        assertThat(Curve25519.verify(pair.publicKey(), message, plusL)).isTrue();
        assertThat(peer.verify(pair.publicKey(), message, plusL)).isTrue();
        byte[] high = withS(signature, s(signature).setBit(253));
        assertThat(Curve25519.verify(pair.publicKey(), message, high)).isFalse();
        assertThat(peer.verify(pair.publicKey(), message, high)).isFalse();
    }

    @Test
    void oddPublicKeysGetLibsignalsVerdict() {
        byte[] message = bytes(20);
        byte[] signature = Curve25519.sign(Curve25519.generateKeyPair(random).privateKey(), message, random);
        for (BigInteger u : new BigInteger[]{BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P,
                P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)}) {
            assertSameVerdict(le(u), message, signature);
        }
        for (int i = 0; i < 200; i++) {
            assertSameVerdict(bytes(32), message, signature);
        }
    }

    @Test
    void signaturesForgedForSmallOrderKeysGetLibsignalsVerdict() {
        // For a key of small order, [h]A takes few values, so R = [s]B - [j]A passes when h happens to fit j. Such
        // keys never belong to anyone; what matters is that we judge them as libsignal does.
        for (BigInteger u : new BigInteger[]{BigInteger.ZERO, P.subtract(BigInteger.ONE)}) {
            for (int signBit = 0; signBit < 2; signBit++) {
                byte[] forged = forge(le(u), signBit);
                byte[] message = Arrays.copyOfRange(forged, 64, forged.length);
                byte[] signature = Arrays.copyOf(forged, 64);
                assertThat(peer.verify(le(u), message, signature)).as("libsignal accepts the forgery").isTrue();
                assertSameVerdict(le(u), message, signature);
            }
        }
    }

    /** A signature (then the message) that passes the verification equation for the small-order key {@code u}. */
    private byte[] forge(byte[] u, int signBit) {
        byte[] edwardsKey = edwardsY(new BigInteger(1, reverse(u)).mod(P));
        edwardsKey[31] |= (byte) (signBit << 7);
        EdwardsPoint negatedKey = EdwardsPoint.decodeNegatedVar(edwardsKey);
        assertThat(negatedKey).isNotNull();
        for (int attempt = 0; attempt < 1000; attempt++) {
            byte[] message = bytes(16);
            byte[] s = Scalars.reduce(bytes(64));
            int j = attempt % 8;
            EdwardsPoint jNegatedKey = negatedKey.multiplyVar(le(BigInteger.valueOf(j)));
            byte[] encodedR = EdwardsPoint.sum(EdwardsPoint.multiplyBaseVar(s), jNegatedKey).encode();
            byte[] h = Scalars.reduce(Digests.sha512(encodedR, edwardsKey, message));
            if (Arrays.equals(negatedKey.multiplyVar(h).encode(), jNegatedKey.encode())) {
                byte[] out = new byte[64 + message.length];
                System.arraycopy(encodedR, 0, out, 0, 32);
                System.arraycopy(s, 0, out, 32, 32);
                out[63] |= (byte) (signBit << 7);
                System.arraycopy(message, 0, out, 64, message.length);
                return out;
            }
        }
        throw new AssertionError("no forgery found");
    }

    private static void assertSameVerdict(byte[] publicKey, byte[] message, byte[] signature) {
        assertThat(Curve25519.verify(publicKey, message, signature))
                .as("our verdict on key %s, signature %s", hex(publicKey), hex(signature))
                .isEqualTo(peer.verify(publicKey, message, signature));
    }

    private static byte[] edwardsY(BigInteger u) {
        BigInteger denominator = u.add(BigInteger.ONE).mod(P);
        BigInteger y = denominator.signum() == 0 ? BigInteger.ZERO
                : u.subtract(BigInteger.ONE).multiply(denominator.modInverse(P)).mod(P);
        return le(y);
    }

    private static BigInteger s(byte[] signature) {
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        s[31] &= 0x7f;
        return new BigInteger(1, reverse(s));
    }

    /** The signature with s replaced (kept below 2^255), its sign bit kept. */
    private static byte[] withS(byte[] signature, BigInteger s) {
        byte[] out = signature.clone();
        byte[] encoded = le(s.mod(BigInteger.ONE.shiftLeft(255)));
        System.arraycopy(encoded, 0, out, 32, 32);
        out[63] |= (byte) (signature[63] & 0x80);
        return out;
    }

    private static byte[] le(BigInteger value) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
