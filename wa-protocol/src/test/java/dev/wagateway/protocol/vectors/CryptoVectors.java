package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.crypto.Hmac;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic {@code crypto}: HKDF, AES-GCM/CBC/CTR both ways, HMAC-SHA256/512. */
final class CryptoVectors {

    void check(JsonNode c) throws Exception {
        String kind = c.path("kind").asText();
        switch (kind) {
            case "hkdf" -> assertThat(Hex.encode(Hkdf.derive(b(c, "ikm"), b(c, "salt"), b(c, "info"),
                    c.path("length").asInt()))).isEqualTo(c.path("okm").asText());
            case "aes-gcm" -> {
                assertThat(Hex.encode(Aes.gcmEncrypt(b(c, "key"), b(c, "iv"), b(c, "plaintext"), b(c, "aad"))))
                        .isEqualTo(c.path("ciphertext").asText());
                assertThat(Hex.encode(Aes.gcmDecrypt(b(c, "key"), b(c, "iv"), b(c, "ciphertext"), b(c, "aad"))))
                        .isEqualTo(c.path("plaintext").asText());
            }
            case "aes-cbc" -> {
                assertThat(Hex.encode(Aes.cbcEncrypt(b(c, "key"), b(c, "iv"), b(c, "plaintext"))))
                        .isEqualTo(c.path("ciphertext").asText());
                assertThat(Hex.encode(Aes.cbcDecrypt(b(c, "key"), b(c, "iv"), b(c, "ciphertext"))))
                        .isEqualTo(c.path("plaintext").asText());
            }
            case "aes-ctr" -> {
                assertThat(Hex.encode(Aes.ctr(b(c, "key"), b(c, "iv"), b(c, "plaintext"))))
                        .isEqualTo(c.path("ciphertext").asText());
                assertThat(Hex.encode(Aes.ctr(b(c, "key"), b(c, "iv"), b(c, "ciphertext"))))
                        .isEqualTo(c.path("plaintext").asText());
            }
            case "hmac-sha256" -> assertThat(Hex.encode(Hmac.sha256(b(c, "key"), b(c, "message"))))
                    .isEqualTo(c.path("mac").asText());
            case "hmac-sha512" -> assertThat(Hex.encode(Hmac.sha512(b(c, "key"), b(c, "message"))))
                    .isEqualTo(c.path("mac").asText());
            default -> throw new AssertionError("unknown crypto case kind: " + kind);
        }
    }

    private static byte[] b(JsonNode c, String field) {
        return Hex.decode(c.path(field).asText());
    }
}
