package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends whose fate the protocol layer knows: a send WhatsApp refuses is a 4xx for the caller and a {@code failed}
 * message in the store, never a {@code pending} one forever.
 */
class MessagesApiTest {

    private static final String SHOP = "15551030303";
    private static final String MISSING_GROUP = "120363999999999999@g.us";

    @Test
    void aSendToAGroupThatDoesNotExistIsA404AndStoredAsFailed() {
        try (TestGateway gateway = TestGateway.start()) {
            String shop = gateway.pairedDevice(SHOP);

            TestGateway.Answer refused = gateway.device(shop, "POST", "/chats/" + MISSING_GROUP + "/messages",
                    "{\"text\":\"anyone there?\"}");

            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.message()).startsWith("failed to send message:").contains("404");
            JsonNode stored = gateway.device(shop, "GET", "/chats/" + MISSING_GROUP + "/messages", null).json()
                    .path("data").path("messages");
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).path("status").asText()).isEqualTo("failed");
            assertThat(stored.get(0).path("text").asText()).isEqualTo("anyone there?");
        }
    }
}
