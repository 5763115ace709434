package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History sync through the REST API in sandbox mode (issue 16): a phone with 500 messages over 30 chats and 200
 * contacts links a device, and the messages are listed by {@code GET /chats/{jid}/messages} (marked
 * {@code from_history}), the contacts with their names, push names and LIDs by {@code GET /contacts}, the chunk
 * announced once ({@code history.sync}, {@code history.sync_complete}, {@code pushname.update},
 * {@code contact.update}); a history large enough to travel as a 5 MB encrypted media blob arrives whole.
 */
class HistorySyncApiTest {

    private static final String PHONE = "15550616161";
    private static final String BIG = "15550626262";
    private static final long BASE = 1_700_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("WHATSAPP_AUTO_TYPING_ENABLED", "false",
                "WHATSAPP_AUTO_PRESENCE_ENABLED", "false"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aLinkedPhonesChatsAndContactsAreListed() throws Exception {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            contacts.add(String.valueOf(15550700000L + i));
        }
        for (int i = 0; i < 3; i++) { // accounts the sandbox knows: their LIDs come with the history
            gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + contacts.get(i) + "\",\"name\":\"Real\"}");
        }
        ObjectNode seed = JSON.createObjectNode();
        ArrayNode messages = seed.putArray("messages");
        for (int k = 0; k < 500; k++) {
            messages.addObject().put("id", "3EB0H" + k).put("chat", contacts.get(k % 30)).put("from_me", k % 4 == 0)
                    .put("text", "message " + k).put("timestamp", BASE + k);
        }
        ArrayNode people = seed.putArray("contacts");
        for (int i = 0; i < contacts.size(); i++) {
            people.addObject().put("phone", contacts.get(i)).put("name", "Contact " + i);
        }
        gateway.phone(PHONE);
        TestGateway.Answer seeded = gateway.admin("POST", "/sandbox/phones/" + PHONE + "/history", seed.toString());
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        assertThat(seeded.json().path("data").path("messages").asInt()).isEqualTo(500);

        String token = link(PHONE);
        UUID device = deviceId(token);
        await(() -> events(device, "history.sync_complete").size() == 1, "history.sync_complete");
        await(() -> events(device, "pushname.update").size() == 200, "the push names");

        int total = 0;
        for (int chat = 0; chat < 30; chat++) {
            List<JsonNode> listed = messages(token, contacts.get(chat));
            assertThat(listed).hasSize(chat < 20 ? 17 : 16); // 500 over 30 chats
            total += listed.size();
            for (JsonNode item : listed) {
                int k = Integer.parseInt(item.path("message_id").asText().substring(5));
                assertThat(k % 30).isEqualTo(chat);
                assertThat(item.path("text").asText()).isEqualTo("message " + k);
                assertThat(item.path("timestamp").asLong()).isEqualTo(BASE + k);
                assertThat(item.path("is_from_me").asBoolean()).isEqualTo(k % 4 == 0);
                assertThat(item.path("from").asText()).isEqualTo(k % 4 == 0 ? PHONE + "@s.whatsapp.net"
                        : contacts.get(chat) + "@s.whatsapp.net");
                assertThat(item.path("from_history").asBoolean()).isTrue();
            }
        }
        assertThat(total).isEqualTo(500);

        Map<String, JsonNode> listed = new HashMap<>();
        String after = "";
        int pages = 0;
        do {
            TestGateway.Answer page = gateway.device(token, "GET", "/contacts?limit=64"
                    + (after.isEmpty() ? "" : "&after=" + after), null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode data = page.json().path("data");
            data.path("contacts").forEach(contact -> listed.put(contact.path("jid").asText(), contact));
            after = data.path("next").asText();
            pages++;
        } while (!after.isEmpty() && pages < 10);
        assertThat(pages).isEqualTo(4);
        assertThat(listed).hasSize(200);
        for (int i = 0; i < contacts.size(); i++) {
            JsonNode contact = listed.get(contacts.get(i) + "@s.whatsapp.net");
            assertThat(contact.path("push_name").asText()).isEqualTo("Contact " + i);
            assertThat(contact.path("name").asText()).isEqualTo(i < 30 ? "Contact " + i : "");
            assertThat(contact.path("lid").asText()).satisfies(lid -> {
                if (contacts.indexOf(contact.path("jid").asText().replace("@s.whatsapp.net", "")) < 3) {
                    assertThat(lid).endsWith("@lid");
                } else {
                    assertThat(lid).isEmpty();
                }
            });
        }

        List<JsonNode> syncs = events(device, "history.sync");
        assertThat(syncs).extracting(e -> e.path("data").path("sync_type").asText())
                .containsExactlyInAnyOrder("INITIAL_BOOTSTRAP", "PUSH_NAME");
        JsonNode bootstrap = syncs.stream().filter(e -> e.path("data").path("sync_type").asText()
                .equals("INITIAL_BOOTSTRAP")).findFirst().orElseThrow();
        assertThat(bootstrap.path("data").path("conversation_count").asInt()).isEqualTo(30);
        assertThat(bootstrap.path("data").path("progress").asInt()).isEqualTo(100);
        assertThat(bootstrap.path("data").path("jid").asText()).isEqualTo(PHONE);
        assertThat(events(device, "contact.update")).hasSize(30);
        JsonNode pushName = events(device, "pushname.update").getFirst().path("data");
        assertThat(pushName.path("old").asText()).isEmpty();
        assertThat(pushName.path("new").asText()).startsWith("Contact ");
        await(() -> gateway.admin("GET", "/sandbox/phones/" + PHONE + "/history", null).json().path("data")
                .path("acknowledged").size() == 2, "both hist_sync receipts at the phone");

        // a live message after the history lands in the same chat, beside it
        gateway.sandbox().phoneSendText(contacts.get(0), PHONE, "live after the history");
        await(() -> messages(token, contacts.get(0)).size() == 18, "the live message");
        JsonNode live = messages(token, contacts.get(0)).getFirst();
        assertThat(live.path("text").asText()).isEqualTo("live after the history");
        assertThat(live.has("from_history")).isFalse();
    }

    @Test
    void aFiveMegabyteHistoryArrivesAsAnEncryptedMediaBlob() throws Exception {
        ObjectNode seed = JSON.createObjectNode();
        ArrayNode messages = seed.putArray("messages");
        byte[] noise = new byte[3_000];
        String[] chats = {"15550800001", "15550800002", "15550800003"};
        Map<String, String> texts = new HashMap<>();
        for (int k = 0; k < 1_800; k++) {
            SecureRandoms.create().nextBytes(noise);
            String text = Base64.getEncoder().encodeToString(noise);
            texts.put("3EB0BIG" + k, text);
            messages.addObject().put("id", "3EB0BIG" + k).put("chat", chats[k % 3]).put("from_me", false)
                    .put("text", text).put("timestamp", BASE + k);
        }
        gateway.phone(BIG);
        // seeded through the sandbox itself: the JSON is larger than the gateway's request limit
        gateway.application().sandbox().orElseThrow().history().seed(BIG, seed);
        String token = link(BIG);
        UUID device = deviceId(token);
        await(() -> events(device, "history.sync_complete").size() == 1, "history.sync_complete");

        JsonNode view = gateway.admin("GET", "/sandbox/phones/" + BIG + "/history", null).json().path("data");
        JsonNode sent = view.path("sent").get(0);
        assertThat(sent.path("inline").asBoolean()).isFalse();
        assertThat(sent.path("bytes").asLong()).isGreaterThan(5_000_000L);
        for (String chat : chats) {
            List<JsonNode> listed = new ArrayList<>();
            String before = "";
            do {
                TestGateway.Answer page = gateway.device(token, "GET", "/chats/" + chat + "/messages?limit=500"
                        + (before.isEmpty() ? "" : "&before=" + before), null);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                List<JsonNode> items = new ArrayList<>();
                page.json().path("data").path("messages").forEach(items::add);
                listed.addAll(items);
                before = items.isEmpty() ? "" : items.getLast().path("message_id").asText();
            } while (!before.isEmpty());
            assertThat(listed).hasSize(600);
            for (JsonNode item : listed) {
                assertThat(item.path("text").asText()).isEqualTo(texts.get(item.path("message_id").asText()));
            }
        }
        await(() -> gateway.admin("GET", "/sandbox/phones/" + BIG + "/history", null).json().path("data")
                .path("acknowledged").toString().contains(sent.path("id").asText()), "the hist_sync receipt");
    }

    private static String link(String phone) {
        String token = gateway.createDevice(gateway.createApiKey(1), phone).path("token").asText();
        String qr = gateway.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                .path("qr").asText();
        gateway.admin("POST", "/sandbox/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}");
        gateway.awaitPaired(token);
        return token;
    }

    private static UUID deviceId(String token) {
        return UUID.fromString(gateway.device(token, "GET", "/devices/me", null).json().path("data")
                .path("device_id").asText());
    }

    private static List<JsonNode> messages(String token, String chat) {
        TestGateway.Answer page = gateway.device(token, "GET", "/chats/" + chat + "/messages?limit=500", null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        page.json().path("data").path("messages").forEach(items::add);
        return items;
    }

    /** The device's events of {@code type}, oldest first, from the durable event log. */
    private static List<JsonNode> events(UUID device, String type) {
        return gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                        "select payload from wa_events where device_id = :d and event_type = :t order by id")
                .bind("d", device).bind("t", type).mapTo(String.class).list()).stream().map(text -> {
                    try {
                        return JSON.readTree(text);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    /** Waits up to 90 s: a 5 MB history on a busy two-core machine takes a while, and nothing here is timed. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
