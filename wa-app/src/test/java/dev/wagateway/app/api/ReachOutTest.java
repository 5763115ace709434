package dev.wagateway.app.api;

import dev.wagateway.sandbox.ExpectsRefusals;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reach-out protection (issue 22): a 463 from WhatsApp is a clear, non-retried failure, announced by a
 * {@code message.reach_out_refused} event, after which the device refuses sends to new contacts at once instead of
 * asking WhatsApp again; {@code WHATSAPP_NEW_CHATS_PER_DAY} caps the new contacts a device starts per day.
 */
class ReachOutTest {

    private static final String SHOP = "15555010101";
    private static final String CUSTOMER = "15555020202";
    private static final String STRANGER = "15555030303";
    private static final String KNOWN = "15555040404";

    @Test
    @ExpectsRefusals({463})
    void after463NewContactsAreRefusedAtOnceAndTheCustomerIsTold() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            // as PrivacyTokenApiTest: the customer trusted the shop before its device was linked, so the reply
            // lacks the privacy token and WhatsApp answers 463
            gateway.sandbox().createPhone(CUSTOMER, "Customer");
            gateway.sandbox().createPhone(SHOP, "Shop");
            gateway.sandbox().phoneSendText(CUSTOMER, SHOP, "before you linked");
            String shop = gateway.pairedDevice(SHOP);
            gateway.phone(STRANGER);
            gateway.phone(KNOWN);
            assertThat(send(gateway, shop, KNOWN, "hello known").status()).isEqualTo(200);
            long webhook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}").json()
                    .path("data").path("webhook_id").asLong();

            TestGateway.Answer refused = send(gateway, shop, CUSTOMER, "thanks for writing");
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.message()).contains("463").contains("not retried");
            TestGateway.await(() -> gateway.webhookEventTypes(shop, webhook).contains("message.reach_out_refused"),
                    "the message.reach_out_refused event");

            TestGateway.Answer locked = send(gateway, shop, STRANGER, "hi, new here");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.message()).contains("463").contains("new contacts");
            assertThat(locked.response().headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
            assertThat(send(gateway, shop, KNOWN, "still talking").status())
                    .as("a chat the device already has is not a new contact").isEqualTo(200);
            TestGateway.await(() -> gateway.sandbox().phoneMessages(KNOWN).size() == 2, "the known contact's");
            assertThat(gateway.sandbox().phoneMessages(STRANGER)).as("WhatsApp was not asked").isEmpty();
        }
    }

    @Test
    void theDailyCapOfNewChatsHolds() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_NEW_CHATS_PER_DAY", "1",
                "WHATSAPP_AUTO_TYPING_ENABLED", "false", "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"))) {
            String shop = gateway.pairedDevice(SHOP);
            gateway.phone(CUSTOMER);
            gateway.phone(STRANGER);

            assertThat(send(gateway, shop, CUSTOMER, "first new chat").status()).isEqualTo(200);
            assertThat(send(gateway, shop, CUSTOMER, "same chat").status()).isEqualTo(200);
            TestGateway.Answer capped = send(gateway, shop, STRANGER, "second new chat");

            assertThat(capped.status()).isEqualTo(429);
            assertThat(capped.message()).contains("WHATSAPP_NEW_CHATS_PER_DAY");
            assertThat(gateway.sandbox().phoneMessages(STRANGER)).isEmpty();
        }
    }

    private static TestGateway.Answer send(TestGateway gateway, String token, String to, String text) {
        return gateway.device(token, "POST", "/chats/" + to + "/messages", "{\"text\":\"" + text + "\"}");
    }
}
