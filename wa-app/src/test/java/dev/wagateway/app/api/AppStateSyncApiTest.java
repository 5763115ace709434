package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * App-state sync against the sandbox beyond chat settings (issue 16): the phone's stars, deletes for me, labels,
 * contact names and settings arrive as the §7.9 mirror events; a key the device never got is asked of the phone and
 * the collection syncs once it answers; a patch made stale by the phone writing first (409) is sent again and lands
 * exactly once.
 */
class AppStateSyncApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP = "15554170101";
    private static TestGateway gateway;
    private static WebhookReceiver receiver;
    private static String shop;
    private static String companion;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        receiver = WebhookReceiver.start();
        shop = gateway.pairedDeviceWithWebhook(SHOP, receiver.url("/events"));
        companion = gateway.sandbox().devices(SHOP).getFirst().jid();
        // the first connection.connected waits for the phone's key share and the critical_block sync
        assertThat(receiver.awaitEvent("connection.connected", data -> true).path("push_name").asText()).isEqualTo("P");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        gateway.close();
    }

    @Test
    void thePhonesOtherChangesArriveAsMirrorEvents() {
        String chat = gateway.phone("15554170202") + "@s.whatsapp.net";
        String group = "120363000000000001@g.us";
        String member = "15554170303@s.whatsapp.net";
        change("{\"type\":\"star\",\"chat\":\"" + chat + "\",\"message_id\":\"3EB0STAR01\",\"from_me\":false,"
                + "\"starred\":true}");
        JsonNode star = receiver.awaitEvent("chat.star", data -> data.path("message_id").asText().equals("3EB0STAR01"));
        assertThat(fields(star)).containsExactly("jid", "chat", "sender", "message_id", "timestamp", "is_from_me",
                "from_full", "action_raw");
        assertThat(star.path("jid").asText()).isEqualTo(SHOP);
        assertThat(star.path("chat").asText()).isEqualTo(chat);
        assertThat(star.path("sender").asText()).isEmpty();
        assertThat(star.path("is_from_me").asBoolean()).isFalse();
        // the device's first sync of regular_high starts from a snapshot (whatsmeow's rule for version 0)
        assertThat(star.path("from_full").isBoolean()).isTrue();
        assertThat(star.path("action_raw").asText()).contains("starred: true");

        change("{\"type\":\"delete_for_me\",\"chat\":\"" + group + "\",\"message_id\":\"3EB0DEL01\",\"from_me\":false,"
                + "\"sender\":\"" + member + "\",\"delete_media\":true}");
        JsonNode deleted = receiver.awaitEvent("chat.delete_for_me", data -> data.path("message_id").asText()
                .equals("3EB0DEL01"));
        assertThat(deleted.path("chat").asText()).isEqualTo(group);
        assertThat(deleted.path("sender").asText()).isEqualTo(member);
        assertThat(deleted.path("action_raw").asText()).contains("delete_media: true");
        assertThat(deleted.path("from_full").asBoolean()).isFalse(); // a patch on top of the synced collection

        change("{\"type\":\"label_edit\",\"label_id\":\"7\",\"name\":\"Leads\"}");
        JsonNode edit = receiver.awaitEvent("label.edit", data -> data.path("label_id").asText().equals("7"));
        assertThat(fields(edit)).containsExactly("jid", "label_id", "timestamp", "from_full", "action_raw");
        assertThat(edit.path("action_raw").asText()).contains("Leads");
        change("{\"type\":\"label_chat\",\"label_id\":\"7\",\"chat\":\"" + chat + "\",\"labeled\":true}");
        JsonNode labeled = receiver.awaitEvent("label.chat", data -> data.path("label_id").asText().equals("7"));
        assertThat(labeled.path("chat").asText()).isEqualTo(chat);
        change("{\"type\":\"label_message\",\"label_id\":\"7\",\"chat\":\"" + chat + "\",\"message_id\":\"3EB0LBL01\","
                + "\"labeled\":true}");
        JsonNode message = receiver.awaitEvent("label.message",
                data -> data.path("message_id").asText().equals("3EB0LBL01"));
        assertThat(fields(message)).containsExactly("jid", "label_id", "timestamp", "chat", "message_id",
                "from_full", "action_raw");

        change("{\"type\":\"unarchive_chats\",\"unarchive\":true}");
        JsonNode setting = receiver.awaitEvent("settings.unarchive_chats", data -> true);
        assertThat(fields(setting)).containsExactly("jid", "timestamp", "from_full", "action_raw");
        assertThat(setting.path("action_raw").asText()).contains("unarchive_chats: true");

        change("{\"type\":\"status_mute\",\"jid\":\"" + chat + "\",\"muted\":true}");
        JsonNode statusMute = receiver.awaitEvent("status.mute", data -> data.path("target").asText().equals(chat));
        assertThat(fields(statusMute)).containsExactly("jid", "target", "timestamp", "from_full", "action_raw");

        // a contact named in the phone's address book: the event, and the name on the gateway's contact
        change("{\"type\":\"contact\",\"jid\":\"" + chat + "\",\"full_name\":\"Ann Lee\",\"first_name\":\"Ann\"}");
        JsonNode contact = receiver.awaitEvent("contact.update",
                data -> data.path("contact_jid").asText().equals(chat));
        assertThat(contact.path("action").path("fullName").asText()).isEqualTo("Ann Lee");
        assertThat(contact.path("action").path("firstName").asText()).isEqualTo("Ann");
        JsonNode contacts = gateway.device(shop, "GET", "/contacts?limit=100", null).ok("Success get contacts");
        List<String> names = new ArrayList<>();
        contacts.path("contacts").forEach(c -> {
            if (c.path("jid").asText().equals(chat)) {
                names.add(c.path("name").asText());
            }
        });
        assertThat(names).containsExactly("Ann Lee");

        TestGateway.Answer bad = gateway.admin("POST", "/sandbox/phones/" + SHOP + "/app-state/changes",
                "{\"type\":\"star\",\"chat\":\"not a jid\",\"message_id\":\"x\",\"from_me\":true,\"starred\":true}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    }

    @Test
    void aKeyTheDeviceLacksIsAskedOfThePhoneAndTheCollectionSyncs() {
        String chat = gateway.phone("15554170404") + "@s.whatsapp.net";
        // the phone writes with a key it shared with nobody: the device must ask for it to read the change
        gateway.admin("POST", "/sandbox/phones/" + SHOP + "/app-state/rotate-key", null).ok("Key rotated");
        gateway.admin("POST", "/sandbox/phones/" + SHOP + "/chats/" + chat + "/archive", "{\"archived\":true}")
                .ok("Chat changed");

        JsonNode archived = receiver.awaitEvent("chat.archive", data -> data.path("chat").asText().equals(chat));
        assertThat(archived.path("action_raw").asText()).contains("archived: true");
        await(() -> gateway.device(shop, "GET", "/chats/" + chat, null).status() == 200, "the chat stored");
        assertThat(gateway.device(shop, "GET", "/chats/" + chat, null).ok("Success get chat").path("archived")
                .asBoolean()).isTrue();

        // the device writes with the newest key it now holds, and the phone takes it
        gateway.device(shop, "POST", "/chats/" + chat + "/pin", "{\"pin\":true}").ok("Success pin chat");
        await(() -> phoneChat(chat).path("pinned").asBoolean(), "the phone to see the pin");
    }

    @Test
    void aPatchMadeStaleByThePhoneIsSentAgainAndLandsOnce() {
        String chat = gateway.phone("15554170505") + "@s.whatsapp.net";
        long before = versions().path("regular_low").asLong();
        gateway.admin("POST", "/sandbox/phones/" + SHOP + "/app-state/race", "{\"device\":\"" + companion + "\"}")
                .ok("Race armed");

        gateway.device(shop, "POST", "/chats/" + chat + "/archive", "{\"archive\":true}").ok("Success archive chat");
        // the phone's racing patch and ours, once: a lost or doubled resend would show here
        assertThat(versions().path("regular_low").asLong()).isEqualTo(before + 2);
        assertThat(phoneChat(chat).path("archived").asBoolean()).isTrue();
        assertThat(gateway.device(shop, "GET", "/chats/" + chat, null).ok("Success get chat").path("archived")
                .asBoolean()).isTrue();

        // the race is spent: the next patch lands at once
        gateway.device(shop, "POST", "/chats/" + chat + "/pin", "{\"pin\":true}").ok("Success pin chat");
        assertThat(versions().path("regular_low").asLong()).isEqualTo(before + 3);
        TestGateway.Answer notOurs = gateway.admin("POST", "/sandbox/phones/" + SHOP + "/app-state/race",
                "{\"device\":\"15559999999:3@s.whatsapp.net\"}");
        assertThat(notOurs.status()).as(notOurs.body()).isEqualTo(400);
    }

    private static void change(String body) {
        gateway.admin("POST", "/sandbox/phones/" + SHOP + "/app-state/changes", body).ok("Change made");
    }

    private static JsonNode versions() {
        return gateway.admin("GET", "/sandbox/phones/" + SHOP + "/chats", null).ok("Chats").path("versions");
    }

    private static JsonNode phoneChat(String chatJid) {
        for (JsonNode chat : gateway.admin("GET", "/sandbox/phones/" + SHOP + "/chats", null).ok("Chats")
                .path("chats")) {
            if (chat.path("jid").asText().equals(chatJid)) {
                return chat;
            }
        }
        return JSON.createObjectNode();
    }

    private static List<String> fields(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
