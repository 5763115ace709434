package dev.wagateway.app.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts both ways between two gateway devices of different accounts: the recipient's client acknowledges
 * delivery by itself, and its read receipt (api.md row 38) reaches the sender, whose stored message moves to
 * {@code read} and whose webhook hears {@code message.delivered} and {@code message.read}.
 */
class ReceiptsTest {

    private static final String SHOP = "15551010101";
    private static final String CUSTOMER = "15551020202";

    @Test
    void deliveredAndReadReachTheSender() {
        try (TestGateway gateway = TestGateway.start()) {
            String shop = gateway.pairedDevice(SHOP);
            String customer = gateway.pairedDevice(CUSTOMER);
            long webhook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\","
                    + "\"events\":[\"message.delivered\",\"message.read\"]}").json().path("data").path("webhook_id")
                    .asLong();

            String id = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages", "{\"text\":\"your order shipped\"}")
                    .json().path("data").path("message_id").asText();
            await(() -> gateway.device(customer, "GET", "/chats/" + SHOP + "/messages", null).json().path("data")
                    .path("messages").size() == 1, "the customer's device to store the message");
            await(() -> status(gateway, shop, id).equals("delivered"), "the delivery receipt");

            TestGateway.Answer missing = gateway.device(customer, "POST", "/messages/" + id + "/read", "{}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.message()).isEqualTo("chat_jid and sender_jid are required");
            TestGateway.Answer read = gateway.device(customer, "POST", "/messages/" + id + "/read",
                    "{\"chat_jid\":\"" + SHOP + "\",\"sender_jid\":\"" + SHOP + "@s.whatsapp.net\"}");
            assertThat(read.message()).isEqualTo("Success mark message as read");
            await(() -> status(gateway, shop, id).equals("read"), "the read receipt");

            await(() -> eventTypes(gateway, shop, webhook).contains("message.read"), "the message.read event");
            assertThat(eventTypes(gateway, shop, webhook)).contains("message.delivered");
        }
    }

    @Test
    void aDeliveryReceiptThatOvertakesTheServersAckIsNotLost() {
        try (TestGateway gateway = TestGateway.start()) {
            String shop = gateway.pairedDevice(SHOP);
            String customer = gateway.pairedDevice(CUSTOMER);
            long webhook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}").json()
                    .path("data").path("webhook_id").asLong();
            // the server holds its ack to the shop back; the customer's device gets the message and acknowledges
            // it at once, so the delivery receipt reaches the shop before the ack does
            gateway.sandbox().delayAcks(gateway.sandbox().devices(SHOP).getFirst().jid(), Duration.ofSeconds(2));

            String id = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages", "{\"text\":\"overtaken\"}")
                    .json().path("data").path("message_id").asText();
            assertThat(gateway.device(customer, "GET", "/chats/" + SHOP + "/messages", null).json().path("data")
                    .path("messages").size()).as("the customer had it before the shop's send returned").isEqualTo(1);
            await(() -> status(gateway, shop, id).equals("delivered"), "the delivery receipt to count");
            await(() -> eventTypes(gateway, shop, webhook).contains("message.delivered"), "message.delivered");
            // a send produces no event of its own (api.md §7.9)
            assertThat(eventTypes(gateway, shop, webhook)).doesNotContain("message.sent");
        }
    }

    @Test
    void aSimulatedPhoneAcknowledgesWhatItGetsAndReadsWhenTold() {
        try (TestGateway gateway = TestGateway.start()) {
            String shop = gateway.pairedDevice(SHOP);
            // the customer has only a phone: no linked device of theirs acknowledges anything
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + CUSTOMER + "\",\"name\":\"Customer\"}");
            long webhook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\","
                    + "\"events\":[\"message.delivered\",\"message.read\"]}").json().path("data").path("webhook_id")
                    .asLong();

            String id = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages", "{\"text\":\"on its way\"}")
                    .json().path("data").path("message_id").asText();
            await(() -> status(gateway, shop, id).equals("delivered"), "the phone's delivery receipt");
            await(() -> eventTypes(gateway, shop, webhook).contains("message.delivered"), "message.delivered");
            assertThat(eventTypes(gateway, shop, webhook)).doesNotContain("message.read");

            // a phone reads only when told, and only what it received
            TestGateway.Answer unknown = gateway.admin("POST", "/sandbox/phones/" + CUSTOMER + "/read",
                    "{\"id\":\"3EB0000000000000000000\"}");
            assertThat(unknown.status()).isEqualTo(404);
            TestGateway.Answer read = gateway.admin("POST", "/sandbox/phones/" + CUSTOMER + "/read",
                    "{\"id\":\"" + id + "\"}");
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().path("data").path("read").asBoolean()).isTrue();
            await(() -> status(gateway, shop, id).equals("read"), "the phone's read receipt");
            await(() -> eventTypes(gateway, shop, webhook).contains("message.read"), "message.read");
        }
    }

    private static String status(TestGateway gateway, String token, String id) {
        return gateway.messageStatus(token, CUSTOMER, id);
    }

    private static List<String> eventTypes(TestGateway gateway, String token, long webhook) {
        return gateway.webhookEventTypes(token, webhook);
    }
}
