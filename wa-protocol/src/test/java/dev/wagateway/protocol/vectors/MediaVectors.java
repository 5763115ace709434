package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.media.EncryptedMedia;
import dev.wagateway.protocol.media.MediaCipher;
import dev.wagateway.protocol.media.MediaKeys;
import dev.wagateway.protocol.media.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic {@code media}: key expansion, encryption with hashes, and decryption with MAC verification. */
final class MediaVectors {

    void check(JsonNode c) throws Exception {
        String name = c.path("mediaType").asText();
        MediaType type = MediaType.fromName(name).orElseThrow(() -> new AssertionError("unknown media type " + name));
        assertThat(type.keyInfo()).isEqualTo(c.path("info").asText());

        byte[] mediaKey = b(c, "mediaKey");
        MediaKeys keys = MediaKeys.expand(mediaKey, type);
        assertThat(Hex.encode(keys.iv())).isEqualTo(c.path("iv").asText());
        assertThat(Hex.encode(keys.cipherKey())).isEqualTo(c.path("cipherKey").asText());
        assertThat(Hex.encode(keys.macKey())).isEqualTo(c.path("macKey").asText());
        assertThat(Hex.encode(keys.refKey())).isEqualTo(c.path("refKey").asText());

        EncryptedMedia encrypted = MediaCipher.encrypt(b(c, "plaintext"), mediaKey, type);
        assertThat(Hex.encode(encrypted.encrypted())).isEqualTo(c.path("encrypted").asText());
        assertThat(Hex.encode(encrypted.fileSha256())).isEqualTo(c.path("fileSha256").asText());
        assertThat(Hex.encode(encrypted.fileEncSha256())).isEqualTo(c.path("fileEncSha256").asText());

        byte[] decrypted = MediaCipher.decrypt(b(c, "encrypted"), mediaKey, type, b(c, "fileEncSha256"));
        assertThat(Hex.encode(decrypted)).isEqualTo(c.path("plaintext").asText());

        byte[] tampered = b(c, "encrypted");
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> MediaCipher.decrypt(tampered, mediaKey, type, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("MAC");
    }

    private static byte[] b(JsonNode c, String field) {
        return Hex.decode(c.path(field).asText());
    }
}
