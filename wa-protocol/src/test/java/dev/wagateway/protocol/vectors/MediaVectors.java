package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.media.EncryptedMedia;
import dev.wagateway.protocol.media.MediaCipher;
import dev.wagateway.protocol.media.MediaDecryptor;
import dev.wagateway.protocol.media.MediaEncryptor;
import dev.wagateway.protocol.media.MediaHashes;
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

        // The streaming path gives the same bytes and hashes, and decrypts the vector's ciphertext.
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        MediaHashes hashes = MediaEncryptor.encrypt(new java.io.ByteArrayInputStream(b(c, "plaintext")), streamed,
                mediaKey, type, Long.MAX_VALUE);
        assertThat(Hex.encode(streamed.toByteArray())).isEqualTo(c.path("encrypted").asText());
        assertThat(Hex.encode(hashes.fileEncSha256())).isEqualTo(c.path("fileEncSha256").asText());
        assertThat(Hex.encode(hashes.fileSha256())).isEqualTo(c.path("fileSha256").asText());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("media-vector", ".enc");
        try {
            java.nio.file.Files.write(file, b(c, "encrypted"));
            MediaDecryptor.verify(file, mediaKey, type, b(c, "fileEncSha256"));
            java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
            MediaDecryptor.decrypt(file, plain, mediaKey, type, b(c, "fileSha256"));
            assertThat(Hex.encode(plain.toByteArray())).isEqualTo(c.path("plaintext").asText());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }

        byte[] tampered = b(c, "encrypted");
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> MediaCipher.decrypt(tampered, mediaKey, type, null))
                .isInstanceOf(CryptoException.class).hasMessageContaining("MAC");
    }

    private static byte[] b(JsonNode c, String field) {
        return Hex.decode(c.path(field).asText());
    }
}
