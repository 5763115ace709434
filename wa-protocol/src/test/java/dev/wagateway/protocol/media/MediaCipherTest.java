package dev.wagateway.protocol.media;

import dev.wagateway.protocol.crypto.CryptoException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Media files: round trips at every size around a block, and the refusals a download can meet. */
class MediaCipherTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void roundTripsAroundBlockBoundaries() throws CryptoException {
        byte[] mediaKey = bytes(32);
        for (int length = 0; length <= 33; length++) {
            byte[] plaintext = bytes(length);
            EncryptedMedia media = MediaCipher.encrypt(plaintext, mediaKey, MediaType.DOCUMENT);
            assertThat(media.encrypted()).hasSize((length / 16 + 1) * 16 + MediaCipher.MAC_LENGTH);
            assertThat(media.fileLength()).isEqualTo(length);
            assertThat(MediaCipher.decrypt(media.encrypted(), mediaKey, MediaType.DOCUMENT, media.fileEncSha256()))
                    .isEqualTo(plaintext);
        }
    }

    @Test
    void theKeysDependOnTheType() throws CryptoException {
        byte[] mediaKey = bytes(32);
        EncryptedMedia image = MediaCipher.encrypt(bytes(100), mediaKey, MediaType.IMAGE);
        assertThatThrownBy(() -> MediaCipher.decrypt(image.encrypted(), mediaKey, MediaType.VIDEO, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("MAC");
        // Stickers share the image keys (protocol §9.1).
        assertThat(MediaCipher.decrypt(image.encrypted(), mediaKey, MediaType.STICKER, null)).hasSize(100);
    }

    @Test
    void refusesTruncatedTamperedOrUnexpectedDownloads() {
        byte[] mediaKey = bytes(32);
        EncryptedMedia media = MediaCipher.encrypt(bytes(64), mediaKey, MediaType.AUDIO);
        byte[] encrypted = media.encrypted();
        assertThatThrownBy(() -> MediaCipher.decrypt(Arrays.copyOf(encrypted, 25), mediaKey, MediaType.AUDIO, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> MediaCipher.decrypt(null, mediaKey, MediaType.AUDIO, null))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> MediaCipher.decrypt(Arrays.copyOf(encrypted, encrypted.length - 1), mediaKey,
                MediaType.AUDIO, null)).isInstanceOf(CryptoException.class).hasMessageContaining("MAC");
        byte[] tampered = encrypted.clone();
        tampered[3] ^= 1;
        assertThatThrownBy(() -> MediaCipher.decrypt(tampered, mediaKey, MediaType.AUDIO, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("MAC");
        assertThatThrownBy(() -> MediaCipher.decrypt(encrypted, mediaKey, MediaType.AUDIO, bytes(32)))
                .isInstanceOf(CryptoException.class).hasMessageContaining("fileEncSha256");
        assertThatThrownBy(() -> MediaCipher.encrypt(bytes(1), bytes(31), MediaType.AUDIO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMapToTypesAndInfoStrings() {
        assertThat(MediaType.fromName("ptt")).contains(MediaType.PTT);
        assertThat(MediaType.PTT.keyInfo()).isEqualTo("WhatsApp Audio Keys");
        assertThat(MediaType.fromName("md-msg-hist").orElseThrow().keyInfo()).isEqualTo("WhatsApp History Keys");
        assertThat(MediaType.fromName("thumbnail-link").orElseThrow().mmsType()).contains("thumbnail-link");
        assertThat(MediaType.fromName("ppic")).as("profile pictures are not end-to-end encrypted").isEmpty();
        assertThat(MediaType.fromName(null)).isEmpty();
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
