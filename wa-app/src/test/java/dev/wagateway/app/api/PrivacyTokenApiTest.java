package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.sandbox.ExpectsRefusals;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone trusted the shop's account before the shop's gateway device was linked, so the device never got the
 * phone's privacy token (it comes with the phone's history sync, and this phone has no history to share): WhatsApp refuses
 * the reply with 463. The API says so plainly, the message is stored {@code failed}, and it is not sent again.
 */
class PrivacyTokenApiTest {

    private static final String SHOP = "15551030303";
    private static final String CUSTOMER = "15551040404";

    @Test
    @ExpectsRefusals({463})
    void aReplyRefusedWith463IsStoredFailedWithAClearMessage() {
        try (TestGateway gateway = TestGateway.start()) {
            gateway.sandbox().createPhone(CUSTOMER, "Customer");
            gateway.sandbox().createPhone(SHOP, "Shop");
            gateway.sandbox().phoneSendText(CUSTOMER, SHOP, "before you linked");
            String shop = gateway.pairedDevice(SHOP); // the phone exists already: its creation answers 409

            TestGateway.Answer refused = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages",
                    "{\"text\":\"thanks for writing\"}");

            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.message()).contains("463").contains("privacy token").contains("not retried");
            List<String> statuses = new ArrayList<>();
            for (JsonNode message : gateway.device(shop, "GET", "/chats/" + CUSTOMER + "/messages", null).json()
                    .path("data").path("messages")) {
                statuses.add(message.path("status").asText());
            }
            assertThat(statuses).containsExactly("failed");
        }
    }
}
