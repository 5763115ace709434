package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Curve25519Test {

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
    void malformedInputIsRejectedWithoutExceptions() {
        KeyPair pair = Curve25519.generateKeyPair(random);
        byte[] signature = Curve25519.sign(pair.privateKey(), new byte[]{1}, random);

        assertThat(Curve25519.verify(null, new byte[]{1}, signature)).isFalse();
        assertThat(Curve25519.verify(new byte[31], new byte[]{1}, signature)).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), null, signature)).isFalse();
        assertThat(Curve25519.verify(pair.publicKey(), new byte[]{1}, new byte[63])).isFalse();
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertThat(Curve25519.verify(allOnes, new byte[]{1}, signature)).isFalse();
        assertThatThrownBy(() -> Curve25519.withoutTypePrefix(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreementIsSymmetricAndPrivateKeysAreClamped() {
        KeyPair alice = Curve25519.generateKeyPair(random);
        KeyPair bob = Curve25519.generateKeyPair(random);

        assertThat(Curve25519.sharedSecret(alice.privateKey(), bob.publicKey()))
                .isEqualTo(Curve25519.sharedSecret(bob.privateKey(), Curve25519.withTypePrefix(alice.publicKey())));
        assertThat(alice.privateKey()[0] & 7).isZero();
        assertThat(alice.privateKey()[31] & 0xc0).isEqualTo(0x40);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = Hkdf.derive(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void aTamperedGcmCiphertextFailsItsTag() {
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        byte[] sealed = Aes.gcmEncrypt(key, iv, "hello".getBytes(), null);
        sealed[0] ^= 1;
        assertThatThrownBy(() -> Aes.gcmDecrypt(key, iv, sealed, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> Aes.cbcDecrypt(key, new byte[16], new byte[15])).isInstanceOf(CryptoException.class);
    }
}
