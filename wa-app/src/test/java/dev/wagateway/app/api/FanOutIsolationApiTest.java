package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out isolation through REST (issue 22): a group send in which one member's phone has no keys at WhatsApp (the
 * sandbox's {@code keys_unavailable} fault through {@code POST /sandbox/faults}) answers 200 with the device in
 * {@code skipped_devices}, reaches the other member at once, and reaches that phone exactly once after it published
 * keys again; an ordinary send's answer has no {@code skipped_devices} at all.
 */
class FanOutIsolationApiTest {

    private static final String SHOP = "15551220201";
    private static final String MEMBER = "15551220202";
    private static final String OFFLINE = "15551220203";

    @Test
    void aGroupSendLeavesOutTheMemberWithoutKeysReportsItAndDeliversItLaterOnce() {
        try (TestGateway gateway = TestGateway.start()) {
            String shop = gateway.pairedDevice(SHOP);
            gateway.phone(MEMBER);
            gateway.phone(OFFLINE);
            String group = gateway.device(shop, "POST", "/groups", "{\"name\":\"Isolation\",\"participants\":[\""
                    + MEMBER + "\",\"" + OFFLINE + "\"]}").ok("Success create group").path("JID")
                    .asText();
            String offlineLid = gateway.sandbox().phoneLid(OFFLINE);
            ok(gateway.admin("POST", "/sandbox/faults", "{\"type\":\"keys_unavailable\",\"device\":\""
                    + OFFLINE + "@s.whatsapp.net\"}"));

            JsonNode sent = gateway.device(shop, "POST", "/chats/" + group + "/messages", "{\"text\":\"stock is in\"}")
                    .ok("Success send message");

            assertThat(sent.path("skipped_devices")).extracting(JsonNode::asText).containsExactly(offlineLid);
            String id = sent.path("message_id").asText();
            TestGateway.await(() -> texts(gateway, MEMBER, "stock is in") == 1, "the member's phone to get it");
            assertThat(texts(gateway, OFFLINE, "stock is in")).isZero();

            ok(gateway.admin("POST", "/sandbox/faults", "{\"type\":\"keys_unavailable\",\"device\":\""
                    + OFFLINE + "@s.whatsapp.net\",\"unavailable\":false}"));
            TestGateway.await(() -> texts(gateway, OFFLINE, "stock is in") == 1, "the retried delivery");
            assertThat(gateway.sandbox().phoneMessages(OFFLINE)).filteredOn(m -> m.text().equals("stock is in"))
                    .singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(id));

            JsonNode next = gateway.device(shop, "POST", "/chats/" + group + "/messages", "{\"text\":\"come by\"}")
                    .ok("Success send message");
            assertThat(next.has("skipped_devices")).as("every device reached: the usual answer").isFalse();
            TestGateway.await(() -> texts(gateway, OFFLINE, "come by") == 1, "the next message, with our key");
            assertThat(texts(gateway, OFFLINE, "stock is in")).as("exactly once").isEqualTo(1);
            assertThat(texts(gateway, MEMBER, "stock is in")).isEqualTo(1);
        }
    }

    private static void ok(TestGateway.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static long texts(TestGateway gateway, String phone, String text) {
        return gateway.sandbox().phoneMessages(phone).stream().filter(m -> text.equals(m.text())).count();
    }
}
