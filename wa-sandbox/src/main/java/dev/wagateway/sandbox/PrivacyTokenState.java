package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The privacy tokens' part of the sandbox state: the trusted-contact tokens accounts issued each other, so a
 * restarted sandbox goes on refusing (463) a message without the token its recipient issued, and accepting one with.
 */
final class PrivacyTokenState implements StatePiece {

    private final TrustedContactTokens tokens;

    PrivacyTokenState(TrustedContactTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public String section() {
        return "privacy_tokens";
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode pairs = JsonNodeFactory.instance.arrayNode();
        tokens.all().forEach((pair, issued) -> {
            ArrayNode list = pairs.addObject().put("pair", pair).putArray("tokens");
            issued.forEach(token -> list.addObject().put("token", Base64.getEncoder().encodeToString(token.token()))
                    .put("t", token.timestamp()));
        });
        return pairs;
    }

    @Override
    public void restore(JsonNode section) {
        Map<String, List<TrustedContactTokens.Issued>> kept = new HashMap<>();
        for (JsonNode pair : section) {
            String key = pair.path("pair").asText();
            if (key.indexOf('|') <= 0) {
                throw new IllegalStateException("a privacy token pair in the sandbox state is not issuer|holder");
            }
            List<TrustedContactTokens.Issued> issued = new ArrayList<>();
            for (JsonNode token : pair.path("tokens")) {
                issued.add(new TrustedContactTokens.Issued(Base64.getDecoder().decode(token.path("token").asText()),
                        token.path("t").asLong()));
            }
            kept.put(key, issued);
        }
        tokens.restore(kept);
    }
}
