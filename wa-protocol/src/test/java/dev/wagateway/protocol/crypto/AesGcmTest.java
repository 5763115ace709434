package dev.wagateway.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kept cipher seals and opens exactly as the one-off {@link Aes} GCM, frame after frame, and refuses tampering. */
class AesGcmTest {

    @Test
    void frameAfterFrameTheKeptCipherMatchesTheOneOffOne() throws CryptoException {
        Random random = new Random(30);
        byte[] key = new byte[32];
        random.nextBytes(key);
        AesGcm sealer = new AesGcm(key);
        AesGcm opener = new AesGcm(key);
        for (int i = 0; i < 200; i++) {
            byte[] iv = new byte[12];
            iv[11] = (byte) i;
            iv[10] = (byte) (i >>> 8);
            byte[] plaintext = new byte[random.nextInt(3000)];
            random.nextBytes(plaintext);
            byte[] ad = i % 3 == 0 ? null : new byte[]{(byte) i, 1, 2};
            byte[] sealed = sealer.encrypt(iv, plaintext, ad);
            assertThat(sealed).isEqualTo(Aes.gcmEncrypt(key, iv, plaintext, ad));
            assertThat(opener.decrypt(iv, sealed, ad)).isEqualTo(plaintext);
        }
    }

    @Test
    void aModifiedFrameAWrongIvOrAShortOneIsRefusedAndTheCipherStaysUsable() throws CryptoException {
        byte[] key = new byte[32];
        AesGcm gcm = new AesGcm(key);
        byte[] iv = new byte[12];
        byte[] sealed = gcm.encrypt(iv, "hello".getBytes(), null);
        sealed[0] ^= 1;
        assertThatThrownBy(() -> gcm.decrypt(iv, sealed, null)).isInstanceOf(CryptoException.class);
        sealed[0] ^= 1;
        assertThatThrownBy(() -> gcm.decrypt(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, sealed, null))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> gcm.decrypt(iv, new byte[15], null)).isInstanceOf(CryptoException.class);
        assertThat(gcm.decrypt(iv, sealed, null)).isEqualTo("hello".getBytes());
        assertThatThrownBy(() -> new AesGcm(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
