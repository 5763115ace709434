package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Curve25519Test {

    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();

    @Test
    void signaturesVerifyAndAnyChangeBreaksThem() {
        Random seeded = new Random(7);
        for (int i = 0; i < 50; i++) {
            KeyPair pair = Curve25519.generateKeyPair(random);
            byte[] message = new byte[seeded.nextInt(200)];
            seeded.nextBytes(message);
            byte[] signature = Curve25519.sign(pair.privateKey(), message, random);

            assertThat(signature).hasSize(64);
            assertThat(signature[63] & 0x80).as("XEdDSA leaves the top bit 0").isZero();
            assertThat(Curve25519.verify(pair.publicKey(), message, signature)).isTrue();
            assertThat(Curve25519.verify(Curve25519.withTypePrefix(pair.publicKey()), message, signature)).isTrue();

            byte[] tampered = signature.clone();
            tampered[seeded.nextInt(64)] ^= (byte) (1 << seeded.nextInt(8));
            assertThat(Curve25519.verify(pair.publicKey(), message, tampered)).isFalse();
            if (message.length > 0) {
                byte[] otherMessage = message.clone();
                otherMessage[0] ^= 1;
                assertThat(Curve25519.verify(pair.publicKey(), otherMessage, signature)).isFalse();
            }
            assertThat(Curve25519.verify(Curve25519.generateKeyPair(random).publicKey(), message, signature)).isFalse();
        }
    }

    @Test
    void signingIsRandomisedAndAcceptsAnUnclampedKey() {
        byte[] privateKey = new byte[32];
        random.nextBytes(privateKey);
        byte[] message = "hello".getBytes();
        byte[] first = Curve25519.sign(privateKey, message, random);
        byte[] second = Curve25519.sign(privateKey, message, random);
        assertThat(first).isNotEqualTo(second);
        byte[] publicKey = Curve25519.publicKey(privateKey);
        assertThat(Curve25519.verify(publicKey, message, first)).isTrue();
        assertThat(Curve25519.verify(publicKey, message, second)).isTrue();
    }

    @Test
    void libsignalsOwnTestSignatureVerifiesAndNoSingleBitFlipDoes() {
        // From libsignal's curve25519 tests: the identity key signs the 0x05-prefixed ephemeral key; this signature
        // carries the Edwards sign bit in its top bit (the older curve_sigs form).
        byte[] identityPrivate = HEX.parseHex("c097248412e58bf05df487968205132794178e367637f5818f81e0e6ce73e865");
        byte[] identityPublic = HEX.parseHex("ab7e717d4a163b7d9a1d8071dfe9dcf8cdcd1cea3339b6356be84d887e322c64");
        byte[] message = HEX.parseHex("05edce9d9c415ca78cb7252e72c2c4a554d3eb29485a0e1d503118d1a82d99fb4a");
        byte[] signature = HEX.parseHex("5de88ca9a89b4a115da79109c67c9c7464a3e4180274f1cb8c63c2984e286dfb"
                + "ede82deb9dcd9fae0bfbb821569b3d9001bd8130cd11d486cef047bd60b86e88");

        assertThat(Curve25519.publicKey(identityPrivate)).isEqualTo(identityPublic);
        assertThat(Curve25519.verify(identityPublic, message, signature)).isTrue();
        for (int i = 0; i < 64; i++) {
            byte[] flipped = signature.clone();
            flipped[i] ^= 1;
            assertThat(Curve25519.verify(identityPublic, message, flipped)).as("byte %d flipped", i).isFalse();
        }
        assertThat(Curve25519.verify(identityPublic, message, Curve25519.sign(identityPrivate, message, random)))
                .isTrue();
    }

    @Test
    void libsignalsAgreementTestVector() {
        byte[] alicePrivate = HEX.parseHex("c806439dc9d2c476ffed8f2580c0888d58ab406bf7ae3698879021b96bb4bf59");
        byte[] alicePublic = HEX.parseHex("1bb75966f2e93a3691dfff942bb2a466a1c08b8d78ca3f4d6df8b8bfa2e4ee28");
        byte[] bobPrivate = HEX.parseHex("b03b34c33a1c44f225b662d2bf4859b8135411fa7b0386d45fb75dc5b91b4466");
        byte[] bobPublic = HEX.parseHex("653614993d2b15ee9e5fd3d86ce719ef4ec1daae1886a87b3f5fa9565a27a22f");
        String shared = "325f239328941ced6e673b86ba41017448e99b649a9c3806c1dd7ca4c477e629";

        assertThat(Curve25519.publicKey(alicePrivate)).isEqualTo(alicePublic);
        assertThat(Curve25519.publicKey(bobPrivate)).isEqualTo(bobPublic);
        assertThat(HEX.formatHex(Curve25519.sharedSecret(alicePrivate, bobPublic))).isEqualTo(shared);
        assertThat(HEX.formatHex(Curve25519.sharedSecret(bobPrivate, Curve25519.withTypePrefix(alicePublic))))
                .isEqualTo(shared);
    }

    @Test
    void malformedInputIsRejectedWithoutExceptions() {
        KeyPair pair = Curve25519.generateKeyPair(random);
        byte[] message = {1};
        byte[] signature = Curve25519.sign(pair.privateKey(), message, random);

        assertThat(Curve25519.verify(null, message, signature)).isFalse();
        assertThat(Curve25519.verify(new byte[31], message, signature)).isFalse();
        assertThat(Curve25519.verify(new byte[34], message, signature)).isFalse();
        byte[] wrongPrefix = Curve25519.withTypePrefix(pair.publicKey());
        wrongPrefix[0] = 0x06;
        assertThat(Curve25519.verify(wrongPrefix, message, signature)).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), null, signature)).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), message, null)).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), message, new byte[63])).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), message, new byte[65])).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), message, new byte[64])).isFalse();
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThat(Curve25519.verify(pair.publicKey(), message, allOnes)).isFalse();
        assertThat(Curve25519.verify(Arrays.copyOf(allOnes, 32), message, signature)).isFalse();
    }

    @Test
    void keyFormsAreCheckedWhereTheyMatter() {
        KeyPair pair = Curve25519.generateKeyPair(random);
        byte[] prefixed = Curve25519.withTypePrefix(pair.publicKey());
        assertThat(prefixed).hasSize(33).startsWith(Curve25519.DJB_TYPE);
        assertThat(Curve25519.withoutTypePrefix(prefixed)).isEqualTo(pair.publicKey());
        assertThat(Curve25519.withoutTypePrefix(pair.publicKey())).isEqualTo(pair.publicKey());
        assertThatThrownBy(() -> Curve25519.withoutTypePrefix(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve25519.withoutTypePrefix(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve25519.withTypePrefix(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve25519.sharedSecret(new byte[31], pair.publicKey()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve25519.sign(new byte[31], new byte[1], random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pair.toString()).doesNotContain(HEX.formatHex(pair.privateKey()));
    }

    @Test
    void agreementIsSymmetricAndPrivateKeysAreClamped() {
        KeyPair alice = Curve25519.generateKeyPair(random);
        KeyPair bob = Curve25519.generateKeyPair(random);

        assertThat(Curve25519.sharedSecret(alice.privateKey(), bob.publicKey()))
                .isEqualTo(Curve25519.sharedSecret(bob.privateKey(), Curve25519.withTypePrefix(alice.publicKey())));
        assertThat(alice.privateKey()[0] & 7).isZero();
        assertThat(alice.privateKey()[31] & 0xc0).isEqualTo(0x40);

        byte[] unclamped = new byte[32];
        Arrays.fill(unclamped, (byte) 0xff);
        KeyPair fromUnclamped = Curve25519.keyPairFromPrivate(unclamped);
        assertThat(unclamped[0]).as("the caller's array is left alone").isEqualTo((byte) 0xff);
        assertThat(fromUnclamped.publicKey()).isEqualTo(Curve25519.publicKey(unclamped));
        assertThat(fromUnclamped.privateKey()[0]).isEqualTo((byte) 0xf8);
        assertThat(fromUnclamped.privateKey()[31]).isEqualTo((byte) 0x7f);
    }
}
