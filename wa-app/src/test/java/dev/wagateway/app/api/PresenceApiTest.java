package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows 67–69, the presence subscription (§6.7) and the push name (§6.2) through REST in sandbox mode, each checked
 * where it lands: chat states and presence in the phone's view of the sandbox, the phone's presence and typing as
 * {@code presence.update} and {@code chat.presence} webhook events with api.md §7.9's payloads, the disappearing
 * timer at the phone (and on the chat's next message) and in the sandbox's group; bad input is a 4xx envelope.
 */
class PresenceApiTest {

    private static final String SHOP = "15554010101";
    private static TestGateway gateway;
    private static String shop;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        shop = gateway.pairedDevice(SHOP);
        receiver = WebhookReceiver.start();
        TestGateway.Answer hook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\""
                + receiver.url("/presence") + "\",\"events\":[\"presence.update\",\"chat.presence\"]}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        gateway.close();
    }

    @Test
    void chatPresenceReachesThePhoneInEveryFormOfTheBody() {
        String customer = phone("15554020202");
        ok(gateway.device(shop, "POST", "/chats/" + customer + "/presence", "{\"state\":\"composing\"}"),
                "Success send presence");
        awaitShown(customer, "chatstate", "composing");
        ok(gateway.device(shop, "POST", "/chats/" + customer + "@s.whatsapp.net/presence",
                "{\"presence_type\":\"recording\"}"), "Success send presence");
        awaitShown(customer, "chatstate", "recording");
        ok(gateway.device(shop, "POST", "/chats/" + customer + "/presence", "{\"state\":\"stop\"}"),
                "Success send presence");
        awaitShown(customer, "chatstate", "paused");

        // errors are swallowed once the body parses (api.md row 67): an unregistered number is a 200, sends nothing
        ok(gateway.device(shop, "POST", "/chats/15559999991/presence", "{\"state\":\"composing\"}"),
                "Success send presence");
        ok(gateway.device(shop, "POST", "/chats/not-a-chat/presence", "{\"state\":\"composing\"}"),
                "Success send presence");
        refused(gateway.device(shop, "POST", "/chats/" + customer + "/presence", "{bad"), 400,
                "Failed parse body request");
        refused(gateway.device(shop, "POST", "/chats/" + customer + "/presence", "{\"state\":[1]}"), 400, null);
    }

    @Test
    void onlineStatusNeedsAPushNameThenReachesSubscribersAsPrivacyAllows() {
        String watcher = phone("15554030303");
        ok(gateway.admin("POST", "/sandbox/phones/" + watcher + "/presence",
                "{\"state\":\"subscribe\",\"to\":\"" + SHOP + "\"}"), "Presence sent");
        awaitShown(watcher, "presence", "unavailable");

        // the device learns the phone's push name from app state (whatsmeow's refusal without one is
        // PresenceE2eTest's); the name set here replaces it
        refused(gateway.device(shop, "POST", "/users/me/name", "{\"name\":\"" + "x".repeat(26) + "\"}"), 400, null);
        refused(gateway.device(shop, "POST", "/users/me/name", "{}"), 400, "name is required");
        ok(gateway.device(shop, "POST", "/users/me/name", "{\"name\":\"Acme Shop\"}"), "Success update push name");

        ok(gateway.device(shop, "POST", "/presence/status", "{\"status\":\"available\"}"),
                "Success update presence status");
        awaitShown(watcher, "presence", "available");
        ok(gateway.device(shop, "POST", "/presence/status", "{\"status\":\"away\"}"),
                "Success update presence status");
        await(() -> shown(watcher).stream().anyMatch(s -> s.path("state").asText().equals("unavailable")
                && s.has("last_seen")), "offline with a last seen");

        // the shop hides its last seen: the next offline carries none
        ok(gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"last_seen\",\"value\":\"none\"}"),
                "Success update privacy settings");
        int seen = shown(watcher).size();
        ok(gateway.device(shop, "POST", "/presence/status", "{\"status\":\"available\"}"),
                "Success update presence status");
        ok(gateway.device(shop, "POST", "/presence/status", "{\"status\":\"unavailable\"}"),
                "Success update presence status");
        await(() -> shown(watcher).size() >= seen + 2, "the shop online and offline again");
        assertThat(shown(watcher).getLast().path("state").asText()).isEqualTo("unavailable");
        assertThat(shown(watcher).getLast().has("last_seen")).isFalse();
        ok(gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"last_seen\",\"value\":\"all\"}"),
                "Success update privacy settings");
    }

    @Test
    void thePhonesPresenceAndTypingAreWebhookEvents() {
        String customer = phone("15554040404");
        String customerJid = customer + "@s.whatsapp.net";
        refused(gateway.device(shop, "POST", "/presence/subscribe", "{}"), 400, "jid is required");
        refused(gateway.device(shop, "POST", "/presence/subscribe", "{\"jid\":\"" + customer + "\"}"), 400, null);
        ok(gateway.device(shop, "POST", "/presence/subscribe", "{\"jid\":\"" + customerJid + "\"}"),
                "Successfully subscribed to presence updates");
        JsonNode offline = receiver.awaitEvent("presence.update",
                data -> data.path("from").asText().equals(customerJid));
        assertThat(offline.path("jid").asText()).isEqualTo(SHOP);
        assertThat(offline.path("unavailable").asBoolean()).isTrue();
        assertThat(offline.path("last_seen").asText()).isEqualTo("0001-01-01T00:00:00Z");

        gateway.admin("POST", "/sandbox/phones/" + customer + "/presence", "{\"state\":\"available\"}");
        receiver.awaitEvent("presence.update", data -> data.path("from").asText().equals(customerJid)
                && !data.path("unavailable").asBoolean());
        gateway.admin("POST", "/sandbox/phones/" + customer + "/presence", "{\"state\":\"unavailable\"}");
        JsonNode away = receiver.awaitEvent("presence.update", data -> data.path("from").asText().equals(customerJid)
                && data.path("unavailable").asBoolean() && !data.path("last_seen").asText().startsWith("0001"));
        assertThat(away.path("last_seen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        gateway.admin("POST", "/sandbox/phones/" + customer + "/presence",
                "{\"state\":\"recording\",\"to\":\"" + SHOP + "\"}");
        JsonNode recording = receiver.awaitEvent("chat.presence",
                data -> data.path("sender").asText().equals(customerJid));
        assertThat(recording.path("chat").asText()).isEqualTo(customerJid);
        assertThat(recording.path("is_from_me").asBoolean()).isFalse();
        assertThat(recording.path("state").asText()).isEqualTo("composing");
        assertThat(recording.path("media").asText()).isEqualTo("audio");
        gateway.admin("POST", "/sandbox/phones/" + customer + "/presence", "{\"state\":\"paused\",\"to\":\"" + SHOP
                + "\"}");
        receiver.awaitEvent("chat.presence", data -> data.path("sender").asText().equals(customerJid)
                && data.path("state").asText().equals("paused") && data.path("media").asText().isEmpty());
    }

    @Test
    void theDisappearingTimerReachesThePhoneAndTheGroupAndTheNextMessageCarriesIt() {
        String customer = phone("15554050505");
        String chat = customer + "@s.whatsapp.net";
        ok(gateway.device(shop, "PATCH", "/chats/" + chat + "/disappearing-timer", "{\"timer\":\"7d\"}"),
                "Success set disappearing timer");
        ok(gateway.device(shop, "POST", "/chats/" + customer + "/messages", "{\"text\":\"gone next week\","
                + "\"typing_simulation\":false}"), "Success send message");
        await(() -> messages(customer).stream().anyMatch(m -> m.path("text").asText().equals("gone next week")),
                "the text at the phone");
        assertThat(messages(customer)).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("disappearing_timer");
            assertThat(m.path("expiration").asInt()).isEqualTo(604_800);
        });
        assertThat(messages(customer)).filteredOn(m -> m.path("text").asText().equals("gone next week"))
                .singleElement().satisfies(m -> assertThat(m.path("expiration").asInt()).isEqualTo(604_800));

        ok(gateway.device(shop, "PATCH", "/chats/" + chat + "/disappearing-timer", "{\"timer\":\"off\"}"),
                "Success set disappearing timer");
        ok(gateway.device(shop, "POST", "/chats/" + customer + "/messages", "{\"text\":\"here to stay\","
                + "\"typing_simulation\":false}"), "Success send message");
        await(() -> messages(customer).stream().anyMatch(m -> m.path("text").asText().equals("here to stay")),
                "the second text at the phone");
        assertThat(messages(customer)).filteredOn(m -> m.path("text").asText().equals("here to stay"))
                .singleElement().satisfies(m -> assertThat(m.has("expiration")).isFalse());

        String group = gateway.device(shop, "POST", "/groups", "{\"name\":\"Timed\",\"participants\":[\""
                + customer + "\"]}").json().path("data").path("JID").asText();
        assertThat(group).endsWith("@g.us");
        ok(gateway.device(shop, "PATCH", "/chats/" + group + "/disappearing-timer", "{\"timer\":\"90d\"}"),
                "Success set disappearing timer");
        assertThat(gateway.admin("GET", "/sandbox/groups/" + group, null).json().path("data").path("ephemeral")
                .asLong()).isEqualTo(7_776_000L);

        refused(gateway.device(shop, "PATCH", "/chats/" + chat + "/disappearing-timer", "{\"timer\":\"1h\"}"), 400,
                "Invalid timer value");
        refused(gateway.device(shop, "PATCH", "/chats/" + chat + "/disappearing-timer", "{}"), 400,
                "Invalid timer value");
        refused(gateway.device(shop, "PATCH", "/chats/" + customer + "/disappearing-timer", "{\"timer\":\"24h\"}"),
                400, null);
        refused(gateway.device(shop, "PATCH", "/chats/" + chat + "/disappearing-timer", "{bad"), 400,
                "Failed parse body request");
    }

    @Test
    void aGroupTimerAnotherMemberSetsIsLearnedAndTheNextMessageCarriesIt() {
        String customer = phone("15554080808");
        String colleague = gateway.pairedDevice("15554070707");
        String group = gateway.device(shop, "POST", "/groups", "{\"name\":\"Learned\",\"participants\":[\""
                + customer + "\",\"15554070707\"]}").json().path("data").path("JID").asText();
        long hook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/groups\","
                + "\"events\":[\"group.info_update\"]}").json().path("data").path("webhook_id").asLong();
        ok(gateway.device(colleague, "PATCH", "/chats/" + group + "/disappearing-timer", "{\"timer\":\"24h\"}"),
                "Success set disappearing timer");
        // the shop's device is told by the server's group notification (its webhook logs show it arrived)
        await(() -> gateway.device(shop, "GET", "/webhooks/" + hook + "/logs", null).json().path("data")
                .path("logs").size() > 0, "the shop's group.info_update");
        ok(gateway.device(shop, "POST", "/chats/" + group + "/messages", "{\"text\":\"gone tomorrow\","
                + "\"typing_simulation\":false}"), "Success send message");
        await(() -> messages(customer).stream().anyMatch(m -> m.path("text").asText().equals("gone tomorrow")),
                "the group text at the phone");
        assertThat(messages(customer)).filteredOn(m -> m.path("text").asText().equals("gone tomorrow"))
                .singleElement().satisfies(m -> assertThat(m.path("expiration").asInt()).isEqualTo(86_400));
        gateway.device(shop, "DELETE", "/webhooks/" + hook, null);
    }

    @Test
    void blocklistAndTheRoutesNotBuiltYet() {
        String pest = phone("15554060606");
        ok(gateway.device(shop, "POST", "/users/" + pest + "@s.whatsapp.net/block", null), "Success block user");
        JsonNode blocked = ok(gateway.device(shop, "GET", "/users/me/blocklist", null), "Success get blocklist");
        assertThat(blocked.path("blocked").toString()).contains(pest);
        ok(gateway.device(shop, "DELETE", "/users/" + pest + "@s.whatsapp.net/block", null), "Success unblock user");

        TestGateway.Answer business = gateway.device(shop, "GET", "/business/" + pest + "@s.whatsapp.net/profile",
                null);
        assertThat(business.status()).isEqualTo(501);
        assertThat(business.message()).contains("w:biz");
        assertThat(gateway.device(shop, "POST", "/users/me/profile-photo", "{}").status()).isEqualTo(501);
    }

    private static void awaitShown(String phone, String type, String state) {
        await(() -> shown(phone).stream().anyMatch(s -> s.path("type").asText().equals(type)
                && s.path("state").asText().equals(state)), phone + " shown " + type + " " + state);
    }

    private static List<JsonNode> shown(String phone) {
        TestGateway.Answer view = gateway.admin("GET", "/sandbox/phones/" + phone + "/presence", null);
        assertThat(view.status()).as(view.body()).isEqualTo(200);
        List<JsonNode> received = new java.util.ArrayList<>();
        view.json().path("data").path("received").forEach(received::add);
        return received;
    }

    private static List<JsonNode> messages(String phone) {
        List<JsonNode> received = new java.util.ArrayList<>();
        gateway.admin("GET", "/sandbox/phones/" + phone + "/messages", null).json().path("data")
                .forEach(received::add);
        return received;
    }

    private static String phone(String number) {
        return gateway.phone(number);
    }

    private static JsonNode ok(TestGateway.Answer answer, String message) {
        return answer.ok(message);
    }

    private static void refused(TestGateway.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("success").isBoolean() || answer.json().has("code")).as(answer.body())
                .isTrue();
        if (message != null) {
            assertThat(answer.message()).isEqualTo(message);
        }
    }
}
