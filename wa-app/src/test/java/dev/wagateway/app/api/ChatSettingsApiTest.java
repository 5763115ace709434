package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.function.Predicate;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat settings through app state in sandbox mode (issue 16, rows 36, 37, 70–72, {@code GET /chats}): archive, pin
 * and mute sent through REST land in the phone's own view of its chats; the phone archiving a chat reaches the
 * gateway's chat and a {@code chat.archive} webhook event; the push name the phone keeps in app state is announced;
 * bad input is a 4xx envelope.
 */
class ChatSettingsApiTest {

    private static final String SHOP = "15554160101";
    private static TestGateway gateway;
    private static String shop;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        receiver = WebhookReceiver.start();
        shop = gateway.pairedDeviceWithWebhook(SHOP, receiver.url("/chats"));
        // the phone's key share was applied once its push name (kept in app state) is announced
        JsonNode pushName = receiver.awaitEvent("pushname.setting", data -> true);
        assertThat(pushName.path("push_name").asText()).isEqualTo("P");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        gateway.close();
    }

    @Test
    void archivePinAndMuteThroughRestReachThePhone() {
        String customer = gateway.phone("15554160202");
        String customerJid = customer + "@s.whatsapp.net";
        gateway.device(shop, "POST", "/chats/" + customer + "/messages", "{\"text\":\"order shipped\"}")
                .ok("Success send message");

        gateway.device(shop, "POST", "/chats/" + customer + "/archive", "{\"archive\":true}")
                .ok("Success archive chat");
        gateway.device(shop, "POST", "/chats/" + customerJid + "/pin", "{\"pin\":true}").ok("Success pin chat");
        gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_high\",\"action\":\"mute\",\"data\":"
                        + "{\"chat_jid\":\"" + customer + "\",\"muted\":true,\"duration\":3600}}")
                .ok("Successfully sent app state");
        JsonNode atPhone = phoneChat(SHOP, customerJid);
        assertThat(atPhone.path("archived").asBoolean()).as(atPhone.toString()).isTrue();
        assertThat(atPhone.path("pinned").asBoolean()).isTrue();
        assertThat(atPhone.path("muted").asBoolean()).isTrue();
        Instant until = Instant.parse(atPhone.path("muted_until").asText());
        assertThat(until).isBetween(Instant.now().plusSeconds(3000), Instant.now().plusSeconds(3700));

        JsonNode chat = gateway.device(shop, "GET", "/chats/" + customer, null).ok("Success get chat");
        assertThat(chat.path("chat_jid").asText()).isEqualTo(customerJid);
        assertThat(chat.path("archived").asBoolean()).isTrue();
        assertThat(chat.path("pinned").asBoolean()).isTrue();
        assertThat(chat.path("muted").asBoolean()).isTrue();
        assertThat(chat.path("last_message").path("text").asText()).isEqualTo("order shipped");
        assertThat(chat.path("last_message").path("is_from_me").asBoolean()).isTrue();

        // unpin and unmute through the other rows: the phone follows
        gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_low\",\"action\":\"pin\",\"data\":"
                + "{\"chat_jid\":\"" + customer + "\",\"pinned\":false}}").ok("Successfully sent app state");
        gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_high\",\"action\":\"mute\",\"data\":"
                + "{\"chat_jid\":\"" + customer + "\",\"muted\":false}}").ok("Successfully sent app state");
        JsonNode after = phoneChat(SHOP, customerJid);
        assertThat(after.path("pinned").asBoolean()).isFalse();
        assertThat(after.path("muted").asBoolean()).isFalse();
        assertThat(after.path("archived").asBoolean()).isTrue();
    }

    @Test
    void muteMarkReadAndDeleteThroughTheExtrasReachThePhone() {
        String customer = gateway.phone("15554160505");
        String customerJid = customer + "@s.whatsapp.net";
        gateway.device(shop, "POST", "/chats/" + customer + "/messages", "{\"text\":\"your invoice\"}")
                .ok("Success send message");

        gateway.device(shop, "POST", "/chats/" + customer + "/mute", "{\"muted\":true,\"duration\":7200}")
                .ok("Success mute chat");
        gateway.device(shop, "POST", "/chats/" + customer + "/mark-read", "{\"read\":false}")
                .ok("Success mark chat read");
        JsonNode atPhone = phoneChat(SHOP, customerJid, chat -> chat.has("read"));
        assertThat(atPhone.path("muted").asBoolean()).as(atPhone.toString()).isTrue();
        Instant until = Instant.parse(atPhone.path("muted_until").asText());
        assertThat(until).isBetween(Instant.now().plusSeconds(7000), Instant.now().plusSeconds(7300));
        assertThat(atPhone.path("read").asBoolean()).isFalse();
        JsonNode chat = gateway.device(shop, "GET", "/chats/" + customer, null).ok("Success get chat");
        assertThat(chat.path("unread").asBoolean()).isTrue();
        assertThat(chat.path("muted").asBoolean()).isTrue();

        gateway.device(shop, "POST", "/chats/" + customerJid + "/mark-read",
                "{\"read\":true,\"last_message_ts\":" + Instant.now().getEpochSecond() + "}")
                .ok("Success mark chat read");
        gateway.device(shop, "POST", "/chats/" + customer + "/mute", "{\"muted\":false}").ok("Success mute chat");
        JsonNode after = phoneChat(SHOP, customerJid, c -> c.path("read").asBoolean() && !c.path("muted").asBoolean());
        assertThat(after.path("muted_until").isNull()).isTrue();

        // delete chat, with and without a body: the phone's view keeps when it happened
        gateway.device(shop, "DELETE", "/chats/" + customer, "{\"delete_media\":true}").ok("Success delete chat");
        JsonNode deleted = phoneChat(SHOP, customerJid, c -> c.has("deleted_at"));
        assertThat(Instant.parse(deleted.path("deleted_at").asText())).isAfter(Instant.now().minusSeconds(120));
        String other = gateway.phone("15554160606");
        gateway.device(shop, "DELETE", "/chats/" + other, null).ok("Success delete chat");
        phoneChat(SHOP, other + "@s.whatsapp.net", c -> c.has("deleted_at"));

        refused(gateway.device(shop, "POST", "/chats/" + customer + "/mute", "{\"muted\":true,\"duration\":-1}"),
                400, "duration must be >= 0");
        refused(gateway.device(shop, "POST", "/chats/" + customer + "/mute", "{bad"), 400,
                "Failed parse body request");
        refused(gateway.device(shop, "POST", "/chats/" + customer + "/mark-read", "{\"read\":\"maybe\"}"), 400);
        refused(gateway.device(shop, "DELETE", "/chats/not-a-chat!", null), 400);
    }

    @Test
    void thePushNameSetThroughRestIsPublishedInAppState() {
        gateway.device(shop, "POST", "/users/me/name", "{\"name\":\"Acme Store\"}").ok("Success update push name");
        await(() -> gateway.admin("GET", "/sandbox/phones/" + SHOP + "/chats", null).ok("Chats")
                .path("push_name").asText().equals("Acme Store"), "the phone's app state to hold the new push name");
        refused(gateway.device(shop, "POST", "/users/me/name", "{\"name\":\"\"}"), 400);
    }

    @Test
    void thePhoneArchivingAChatReachesTheGatewayAndItsWebhook() {
        String friendJid = gateway.phone("15554160303") + "@s.whatsapp.net";
        gateway.admin("POST", "/sandbox/phones/" + SHOP + "/chats/" + friendJid + "/archive", "{\"archived\":true}")
                .ok("Chat changed");
        JsonNode event = receiver.awaitEvent("chat.archive", data -> data.path("chat").asText().equals(friendJid));
        assertThat(event.path("jid").asText()).isEqualTo(SHOP);
        assertThat(event.path("action_raw").asText()).contains("archived: true");
        await(() -> gateway.device(shop, "GET", "/chats/" + friendJid, null).status() == 200,
                "the chat known to the gateway");
        JsonNode chat = gateway.device(shop, "GET", "/chats/" + friendJid, null).ok("Success get chat");
        assertThat(chat.path("archived").asBoolean()).isTrue();
        assertThat(chat.path("last_message").isNull()).isTrue();

        JsonNode list = gateway.device(shop, "GET", "/chats?limit=100", null).ok("Success get chats");
        assertThat(list.path("chats").findValuesAsText("chat_jid")).contains(friendJid);
        JsonNode one = gateway.device(shop, "GET", "/chats?limit=1&offset=0", null).ok("Success get chats");
        assertThat(one.path("chats")).hasSize(1);
    }

    @Test
    void appStateRowsAnswerAndRefuseAsTheContractSays() {
        JsonNode fetched = gateway.device(shop, "GET", "/app-state/regular_low?full_sync=true", null)
                .ok("Successfully fetched app state");
        assertThat(fetched.path("name").asText()).isEqualTo("regular_low");
        assertThat(fetched.path("full_sync").asBoolean()).isTrue();
        assertThat(fetched.path("only_if_not_synced").asBoolean()).isFalse();
        refused(gateway.device(shop, "GET", "/app-state/not_a_collection", null), 400);

        refused(gateway.device(shop, "POST", "/app-state", "{bad"), 400, "Failed to parse request body");
        refused(gateway.device(shop, "POST", "/app-state", "{}"), 400, "app state name is required");
        refused(gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_high\"}"), 400, "action is required");
        refused(gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_high\",\"action\":\"mute\"}"), 400,
                "chat_jid is required for mute action");
        refused(gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_low\",\"action\":\"pin\","
                + "\"data\":{}}"), 400, "chat_jid is required for pin action");
        refused(gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular\",\"action\":\"star\"}"), 400,
                "unsupported action: star");
        TestGateway.Answer badChat = gateway.device(shop, "POST", "/app-state", "{\"name\":\"regular_high\","
                + "\"action\":\"pin\",\"data\":{\"chat_jid\":\"0123\",\"pinned\":true}}");
        assertThat(badChat.status()).as(badChat.body()).isEqualTo(500);
        assertThat(badChat.message()).startsWith("Invalid chat JID");

        refused(gateway.device(shop, "POST", "/app-state/mark-clean", "{}"), 400, "clean_type is required");
        JsonNode clean = gateway.device(shop, "POST", "/app-state/mark-clean",
                "{\"clean_type\":\"groups\",\"timestamp\":1774432800}").ok("Successfully marked app state as clean");
        assertThat(clean.path("clean_type").asText()).isEqualTo("groups");
        assertThat(clean.path("timestamp").asLong()).isEqualTo(1774432800L);

        refused(gateway.device(shop, "POST", "/chats/15554160404/archive", "{bad"), 400, "Failed parse body request");
        refused(gateway.device(shop, "GET", "/chats/15554169999", null), 404);
        refused(gateway.device(shop, "GET", "/chats?limit=0", null), 400);
    }

    private static JsonNode phoneChat(String phone, String chatJid) {
        return phoneChat(phone, chatJid, chat -> true);
    }

    private static JsonNode phoneChat(String phone, String chatJid, Predicate<JsonNode> wanted) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            for (JsonNode chat : gateway.admin("GET", "/sandbox/phones/" + phone + "/chats", null).ok("Chats")
                    .path("chats")) {
                if (chat.path("jid").asText().equals(chatJid) && wanted.test(chat)) {
                    found[0] = chat;
                    return true;
                }
            }
            return false;
        }, phone + " knows the chat " + chatJid);
        return found[0];
    }

    private static void refused(TestGateway.Answer answer, int status) {
        refused(answer, status, null);
    }

    private static void refused(TestGateway.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (message != null) {
            assertThat(answer.message()).isEqualTo(message);
        }
    }
}
