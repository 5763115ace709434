package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Curve25519;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic {@code curve25519}: public keys and agreement (unclamped private keys), and XEdDSA verification. */
final class Curve25519Vectors {

    void check(JsonNode testCase) {
        String kind = testCase.path("kind").asText();
        switch (kind) {
            case "public" -> assertThat(Hex.encode(Curve25519.publicKey(bytes(testCase, "private"))))
                    .isEqualTo(testCase.path("public").asText());
            case "shared" -> assertThat(Hex.encode(Curve25519.sharedSecret(bytes(testCase, "private"),
                    bytes(testCase, "public")))).isEqualTo(testCase.path("shared").asText());
            case "verify" -> assertThat(Curve25519.verify(bytes(testCase, "public"), bytes(testCase, "message"),
                    bytes(testCase, "signature"))).isEqualTo(testCase.path("valid").asBoolean());
            default -> throw new AssertionError("unknown curve25519 case kind: " + kind);
        }
    }

    private static byte[] bytes(JsonNode testCase, String field) {
        return Hex.decode(testCase.path(field).asText());
    }
}
