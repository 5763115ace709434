package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three AES modes: round trips, and every way a ciphertext can be refused. */
class AesTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void gcmRoundTripsWithAndWithoutAssociatedData() throws CryptoException {
        byte[] key = bytes(32);
        byte[] iv = bytes(12);
        byte[] plaintext = bytes(1000);
        byte[] sealed = Aes.gcmEncrypt(key, iv, plaintext, bytes(20));
        assertThat(sealed).hasSize(plaintext.length + 16);
        byte[] withoutAd = Aes.gcmEncrypt(key, iv, plaintext, null);
        assertThat(Aes.gcmDecrypt(key, iv, withoutAd, new byte[0])).as("null and empty AD are the same")
                .isEqualTo(plaintext);
        assertThat(Aes.gcmDecrypt(key, iv, Aes.gcmEncrypt(key, iv, new byte[0], null), null)).isEmpty();
    }

    @Test
    void aTamperedGcmCiphertextFailsItsTag() {
        byte[] key = bytes(32);
        byte[] iv = bytes(12);
        byte[] ad = bytes(8);
        byte[] sealed = Aes.gcmEncrypt(key, iv, "hello".getBytes(), ad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> Aes.gcmDecrypt(key, iv, tampered, ad))
                    .isInstanceOf(CryptoException.class).hasMessageContaining("tag");
        }
        byte[] otherAd = ad.clone();
        otherAd[0] ^= 1;
        assertThatThrownBy(() -> Aes.gcmDecrypt(key, iv, sealed, otherAd)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aes.gcmDecrypt(key, bytes(12), sealed, ad)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aes.gcmDecrypt(key, iv, new byte[15], ad))
                .isInstanceOf(CryptoException.class).hasMessageContaining("shorter");
        assertThatThrownBy(() -> Aes.gcmDecrypt(key, iv, null, ad)).isInstanceOf(CryptoException.class);
    }

    @Test
    void gcmRefusesBadKeysAndIvs() {
        assertThatThrownBy(() -> Aes.gcmEncrypt(bytes(16), bytes(12), new byte[1], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aes.gcmEncrypt(bytes(32), bytes(16), new byte[1], null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cbcRoundTripsAndRefusesBadPaddingAndLengths() throws CryptoException {
        byte[] key = bytes(32);
        byte[] iv = bytes(16);
        for (int length : new int[]{0, 1, 15, 16, 17, 1000}) {
            byte[] plaintext = bytes(length);
            byte[] ciphertext = Aes.cbcEncrypt(key, iv, plaintext);
            assertThat(ciphertext).hasSize((length / 16 + 1) * 16);
            assertThat(Aes.cbcDecrypt(key, iv, ciphertext)).isEqualTo(plaintext);
        }
        assertThatThrownBy(() -> Aes.cbcDecrypt(key, iv, new byte[15])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aes.cbcDecrypt(key, iv, new byte[0])).isInstanceOf(CryptoException.class);
        // 16 plaintext bytes give a last block of pure padding (16 × 0x10); flipping bit 4 of the previous block's
        // last byte turns the final padding byte into 0x00, which PKCS#7 never produces.
        byte[] ciphertext = Aes.cbcEncrypt(key, iv, new byte[16]);
        byte[] tampered = ciphertext.clone();
        tampered[15] ^= 0x10;
        assertThatThrownBy(() -> Aes.cbcDecrypt(key, iv, tampered))
                .isInstanceOf(CryptoException.class).hasMessageContaining("padding");
    }

    @Test
    void ctrIsItsOwnInverse() {
        byte[] key = bytes(32);
        byte[] counter = bytes(16);
        byte[] input = bytes(100);
        byte[] output = Aes.ctr(key, counter, input);
        assertThat(output).hasSize(100).isNotEqualTo(input);
        assertThat(Aes.ctr(key, counter, output)).isEqualTo(input);
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
