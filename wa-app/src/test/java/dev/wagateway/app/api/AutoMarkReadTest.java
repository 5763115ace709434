package dev.wagateway.app.api;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code WHATSAPP_AUTO_MARK_READ} (api.md §9.3, issue 22): a device marks what contacts send it read by itself,
 * after the read-receipt jitter; the sender sees {@code read}. Without the setting the message stays
 * {@code delivered} (ReceiptsTest reads it by hand).
 */
class AutoMarkReadTest {

    private static final String SHOP = "15554010101";
    private static final String CUSTOMER = "15554020202";

    @Test
    void receivedMessagesAreMarkedReadAfterTheJitter() {
        try (TestGateway gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_MARK_READ", "true",
                "WHATSAPP_READ_RECEIPT_JITTER_ENABLED", "true", "WHATSAPP_READ_RECEIPT_DELAY_MIN", "200ms",
                "WHATSAPP_READ_RECEIPT_DELAY_MAX", "400ms"))) {
            String shop = gateway.pairedDevice(SHOP);
            gateway.pairedDevice(CUSTOMER);

            String id = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages", "{\"text\":\"hello\"}")
                    .ok("Success send message").path("message_id").asText();

            await(() -> gateway.messageStatus(shop, CUSTOMER, id).equals("read"),
                    "the customer's device to read it by itself");
        }
    }
}
