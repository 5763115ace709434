package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wagateway.core.message.MessageDirection;
import dev.wagateway.core.message.MessageStatus;
import dev.wagateway.core.message.StoredMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows 38–42 through REST in sandbox mode, checked where WhatsApp would show them: at the sandbox phone (its
 * decrypted view through the control API), and the other way round in the device's store and webhook log; a group
 * admin's revoke, read receipts with read receipts off ({@code read-self}) and a phone's {@code played} receipt.
 * One gateway for the class; each test talks to its own phone (a second account's device, the clerk, is shared).
 */
class MessageActionsApiTest {

    private static final String SHOP = "15552010101";
    private static final String CLERK = "15552010202";
    private static TestGateway gateway;
    private static String shop;
    private static String clerk;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static long webhook;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        shop = gateway.pairedDevice(SHOP);
        webhook = gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}").json()
                .path("data").path("webhook_id").asLong();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                delivered.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        gateway.device(shop, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook\",\"events\":[\"message.received\"]}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.stop(0);
    }

    @Test
    void aMessageThePhoneForwardsIsAnnouncedAsForwarded() {
        String customer = phone("15552080808");
        String ours = send(customer, "our summer prices");
        String forwarded = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"forward\":{\"id\":\"" + ours + "\"}}");
        String plain = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"text\":\"see above\"}");
        await(() -> received(plain) != null, "the plain text's message.received");
        JsonNode event = received(forwarded);
        assertThat(event).isNotNull();
        assertThat(event.path("text").asText()).isEqualTo("our summer prices");
        assertThat(event.path("is_forwarded").asBoolean()).isTrue();
        assertThat(event.path("forwarding_score").asInt()).isEqualTo(1);
        assertThat(received(plain).has("is_forwarded")).isFalse();
        assertThat(stored(customer, forwarded).path("text").asText()).isEqualTo("our summer prices");
    }

    /** The data of the {@code message.received} delivered for {@code id}, null before it came. */
    private static JsonNode received(String id) {
        return delivered.stream().filter(e -> e.path("event_type").asText().equals("message.received"))
                .map(e -> e.path("data")).filter(d -> d.path("message_id").asText().equals(id)).findFirst()
                .orElse(null);
    }

    @Test
    void reactEditReplyAndDeleteReachThePhone() {
        String customer = phone("15552020202");
        String id = send(customer, "your order is 12");

        TestGateway.Answer reacted = post("/messages/" + id + "/reaction", customer, "\"emoji\":\"👍\"");
        assertThat(reacted.message()).isEqualTo("Success react to message");
        JsonNode reaction = awaitAtPhone(customer, "reaction");
        assertThat(reaction.path("reaction").path("id").asText()).isEqualTo(id);
        assertThat(reaction.path("reaction").path("emoji").asText()).isEqualTo("👍");
        assertThat(reaction.path("id").asText()).isEqualTo(reacted.json().path("data").path("message_id").asText());

        TestGateway.Answer edited = gateway.device(shop, "PATCH", "/messages/" + id,
                "{\"chat_jid\":\"" + customer + "\",\"text\":\"your order is 13\"}");
        assertThat(edited.message()).isEqualTo("Success edit message");
        JsonNode edit = awaitAtPhone(customer, "edit");
        assertThat(edit.path("edit").path("id").asText()).isEqualTo(id);
        assertThat(edit.path("edit").path("text").asText()).isEqualTo("your order is 13");
        assertThat(stored(customer, id).path("text").asText()).isEqualTo("your order is 13");

        String question = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"text\":\"when does it ship?\"}");
        await(() -> !stored(customer, question).isMissingNode(), "the customer's question stored");
        TestGateway.Answer replied = post("/messages/" + question + "/reply", customer, "\"text\":\"today\"");
        assertThat(replied.message()).isEqualTo("Success reply to message");
        String replyId = replied.json().path("data").path("message_id").asText();
        await(() -> atPhone(customer).stream().anyMatch(m -> m.path("id").asText().equals(replyId)), "the reply");
        JsonNode reply = atPhone(customer).stream().filter(m -> m.path("id").asText().equals(replyId)).findFirst()
                .orElseThrow();
        assertThat(reply.path("text").asText()).isEqualTo("today");
        assertThat(reply.path("quoted_id").asText()).isEqualTo(question);
        assertThat(stored(customer, replyId).path("quoted_message_id").asText()).isEqualTo(question);

        TestGateway.Answer deleted = gateway.device(shop, "DELETE", "/messages/" + id,
                "{\"chat_jid\":\"" + customer + "\"}");
        assertThat(deleted.message()).isEqualTo("Success delete message");
        JsonNode revoke = awaitAtPhone(customer, "revoke");
        assertThat(revoke.path("revoke").path("id").asText()).isEqualTo(id);
        assertThat(stored(customer, id).path("type").asText()).isEqualTo("revoked");
        assertThat(stored(customer, id).path("text").asText()).isEmpty();
    }

    @Test
    void whatThePhoneDoesIsStoredAndAnnounced() {
        String customer = phone("15552030303");
        String ours = send(customer, "the invoice is attached");
        String reactionId = phoneSends(customer, "{\"reaction\":{\"id\":\"" + ours + "\",\"emoji\":\"❤️\"}}");
        await(() -> !stored(customer, reactionId).isMissingNode(), "the phone's reaction stored");
        assertThat(stored(customer, reactionId).path("type").asText()).isEqualTo("reaction");
        assertThat(stored(customer, reactionId).path("text").asText()).isEqualTo("❤️");
        assertThat(stored(customer, reactionId).path("quoted_message_id").asText()).isEqualTo(ours);

        String theirs = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"text\":\"tahnks\"}");
        await(() -> !stored(customer, theirs).isMissingNode(), "the phone's text stored");
        phoneSends(customer, "{\"edit\":{\"id\":\"" + theirs + "\",\"text\":\"thanks\"}}");
        await(() -> stored(customer, theirs).path("text").asText().equals("thanks"), "the edit applied");
        String edit = phoneSends(customer, "{\"edit\":{\"id\":\"" + theirs + "\",\"text\":\"thanks!\"}}");
        await(() -> stored(customer, theirs).path("text").asText().equals("thanks!"), "the second edit applied");
        // the history: each edit is kept as a message of its own, naming the message it changed
        assertThat(stored(customer, edit).path("type").asText()).isEqualTo("edit");
        assertThat(stored(customer, edit).path("text").asText()).isEqualTo("thanks!");
        assertThat(stored(customer, edit).path("quoted_message_id").asText()).isEqualTo(theirs);
        String quoting = phoneSends(customer, "{\"reply_to\":\"" + ours + "\",\"text\":\"which invoice?\"}");
        await(() -> !stored(customer, quoting).isMissingNode(), "the phone's reply stored");
        assertThat(stored(customer, quoting).path("quoted_message_id").asText()).isEqualTo(ours);

        phoneSends(customer, "{\"revoke\":{\"id\":\"" + theirs + "\"}}");
        await(() -> stored(customer, theirs).path("type").asText().equals("revoked"), "the revoke applied");
        assertThat(stored(customer, theirs).path("text").asText()).isEmpty();
        await(() -> eventTypes().contains("message.deleted"), "message.deleted");
        assertThat(eventTypes()).contains("message.received");
    }

    @Test
    void badInputAndRefusedActionsAre4xx() {
        String customer = phone("15552040404");
        String ours = send(customer, "hello");
        String theirs = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"text\":\"hi\"}");
        await(() -> !stored(customer, theirs).isMissingNode(), "the phone's text stored");

        expect(post("/messages/" + ours + "/reaction", customer, "\"emoji\":\"👍👍\""), 400, "single emoji");
        expect(post("/messages/" + ours + "/reaction", customer, "\"emoji\":\"ok\""), 400, "single emoji");
        expect(post("/messages/NOPE123/reaction", customer, "\"emoji\":\"👍\""), 404, "not found");
        expect(gateway.device(shop, "POST", "/messages/" + ours + "/reaction", "{\"emoji\":\"👍\"}"), 400,
                "chat_jid is required");
        expect(gateway.device(shop, "POST", "/messages/" + ours + "/reaction", "{not json"), 400,
                "Failed parse body request");
        expect(gateway.device(shop, "PATCH", "/messages/" + ours, "{\"chat_jid\":\"" + customer + "\"}"), 400,
                "text is required");
        expect(gateway.device(shop, "PATCH", "/messages/" + theirs,
                "{\"chat_jid\":\"" + customer + "\",\"text\":\"mine now\"}"), 400, "only your own messages");
        expect(gateway.device(shop, "PATCH", "/messages/NOPE123",
                "{\"chat_jid\":\"" + customer + "\",\"text\":\"x\"}"), 404, "not found");
        expect(gateway.device(shop, "DELETE", "/messages/" + theirs,
                "{\"chat_jid\":\"" + customer + "\",\"sender_jid\":\"" + customer + "@s.whatsapp.net\"}"), 400,
                "only your own messages");
        expect(gateway.device(shop, "DELETE", "/messages/" + ours, "{}"), 400, "chat_jid is required");
        expect(gateway.device(shop, "DELETE", "/messages/NOPE123", "{\"chat_jid\":\"" + customer + "\"}"), 404,
                "not found");
        expect(gateway.device(shop, "POST", "/messages/" + theirs + "/reply", "{\"chat_jid\":\"" + customer + "\"}"),
                400, "text and chat_jid are required");
        expect(post("/messages/NOPE123/reply", customer, "\"text\":\"x\""), 404, "not found");

        // a message sent 21 minutes ago (stored as the gateway stores its sends) can no longer be edited
        UUID deviceId = UUID.fromString(gateway.device(shop, "GET", "/devices/me", null).json().path("data")
                .path("device_id").asText());
        gateway.application().services().store().messages().insertIfAbsent(new StoredMessage(deviceId,
                customer + "@s.whatsapp.net", SHOP + "@s.whatsapp.net", "3EB0OLD0000000000001", true,
                MessageDirection.OUTGOING, "text", Optional.of("old"), Optional.empty(), Optional.empty(),
                Optional.empty(), "", Instant.now().minus(Duration.ofMinutes(21)), MessageStatus.SENT));
        expect(gateway.device(shop, "PATCH", "/messages/3EB0OLD0000000000001",
                "{\"chat_jid\":\"" + customer + "\",\"text\":\"too late\"}"), 400, "20 minutes");
        assertThat(atPhone(customer)).noneMatch(m -> m.path("type").asText().equals("edit"));

        // a deleted message (a tombstone) takes no further action
        String body = "{\"chat_jid\":\"" + customer + "\"";
        assertThat(gateway.device(shop, "DELETE", "/messages/" + ours, body + "}").status()).isEqualTo(200);
        expect(post("/messages/" + ours + "/reaction", customer, "\"emoji\":\"👍\""), 400, "was deleted");
        expect(gateway.device(shop, "PATCH", "/messages/" + ours, body + ",\"text\":\"again\"}"), 400, "was deleted");
        expect(gateway.device(shop, "DELETE", "/messages/" + ours, body + "}"), 400, "was deleted");
        expect(post("/messages/" + ours + "/reply", customer, "\"text\":\"about that\""), 400, "was deleted");
        assertThat(atPhone(customer).stream().filter(m -> m.path("type").asText().equals("revoke"))).hasSize(1);
    }

    @Test
    void aBlockedUsersActionsAreNeverStored() {
        String customer = phone("15552070707");
        String ours = send(customer, "your invoice");
        String customerJid = customer + "@s.whatsapp.net";
        assertThat(gateway.device(shop, "POST", "/users/" + customerJid + "/block", null).status()).isEqualTo(200);
        String reaction = phoneSends(customer, "{\"reaction\":{\"id\":\"" + ours + "\",\"emoji\":\"😡\"}}");
        String quoting = phoneSends(customer, "{\"reply_to\":\"" + ours + "\",\"text\":\"I will not pay\"}");
        assertThat(gateway.device(shop, "DELETE", "/users/" + customerJid + "/block", null).status()).isEqualTo(200);
        String after = phoneSends(customer, "{\"to\":\"" + SHOP + "\",\"text\":\"sorry\"}");
        // the phone's messages reach the device in order: once the one after the unblock is stored, those sent
        // while blocked would have been too, had WhatsApp delivered them
        await(() -> !stored(customer, after).isMissingNode(), "the text after the unblock");
        assertThat(stored(customer, reaction).isMissingNode()).isTrue();
        assertThat(stored(customer, quoting).isMissingNode()).isTrue();
    }

    @Test
    void anAdminDeletesAMembersMessageInAGroupAndAMemberCannot() {
        String customer = phone("15552050505");
        String clerk = clerk();
        long clerkHook = webhook(clerk);
        String group = gateway.device(shop, "POST", "/groups", "{\"name\":\"Orders\",\"participants\":[\""
                + customer + "\",\"" + CLERK + "\"]}").json().path("data").path("JID").asText();
        assertThat(group).endsWith("@g.us");

        // the clerk (a member) writes; the shop (the group's creator, an admin) deletes it for everyone
        String wrong = send(clerk, group, "the price is 100");
        await(() -> atPhone(customer).stream().anyMatch(m -> m.path("id").asText().equals(wrong)),
                "the clerk's text at the customer's phone");
        await(() -> !stored(shop, group, wrong).isMissingNode(), "the clerk's text stored by the shop");
        TestGateway.Answer deleted = gateway.device(shop, "DELETE", "/messages/" + wrong,
                "{\"chat_jid\":\"" + group + "\",\"sender_jid\":\"" + CLERK + "\"}");
        assertThat(deleted.message()).as(deleted.body()).isEqualTo("Success delete message");
        JsonNode revoke = awaitAtPhone(customer, "revoke");
        assertThat(revoke.path("revoke").path("id").asText()).isEqualTo(wrong);
        assertThat(revoke.path("from").asText()).startsWith(SHOP);
        await(() -> stored(clerk, group, wrong).path("type").asText().equals("revoked"),
                "the tombstone at the clerk's device");
        assertThat(stored(clerk, group, wrong).path("text").asText()).isEmpty();
        assertThat(stored(shop, group, wrong).path("type").asText()).isEqualTo("revoked");
        await(() -> eventTypes(clerk, clerkHook).contains("message.deleted"), "message.deleted at the clerk's device");

        // a member's admin revoke is refused before anything is sent (the server would refuse it too: 403)
        String right = send(shop, group, "the price is 10");
        await(() -> !stored(clerk, group, right).isMissingNode(), "the shop's text stored by the clerk");
        expect(gateway.device(clerk, "DELETE", "/messages/" + right,
                "{\"chat_jid\":\"" + group + "\",\"sender_jid\":\"" + SHOP + "\"}"), 400, "only a group admin");
        assertThat(stored(shop, group, right).path("type").asText()).isEqualTo("text");
        assertThat(atPhone(customer)).noneMatch(m -> m.path("type").asText().equals("revoke")
                && m.path("revoke").path("id").asText().equals(right));
    }

    @Test
    void withReadReceiptsOffAReadIsNotToldToTheSender() {
        String clerk = clerk();
        String first = send(clerk, SHOP, "read me quietly");
        String second = send(clerk, SHOP, "read me openly");
        await(() -> !stored(shop, CLERK, second).isMissingNode(), "both texts stored by the shop");
        try {
            gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"read_receipts\",\"value\":\"none\"}");
            TestGateway.Answer quiet = post("/messages/" + first + "/read", CLERK, "\"sender_jid\":\"" + CLERK + "\"");
            assertThat(quiet.message()).as(quiet.body()).isEqualTo("Success mark message as read");
        } finally {
            gateway.device(shop, "PATCH", "/users/me/privacy", "{\"setting\":\"read_receipts\",\"value\":\"all\"}");
        }
        post("/messages/" + second + "/read", CLERK, "\"sender_jid\":\"" + CLERK + "\"");
        // receipts reach the clerk in the order they were sent: once the open read is there, the quiet one (a
        // read-self, for the shop's own other devices) would have been too, had it been passed on
        await(() -> stored(clerk, SHOP, second).path("status").asText().equals("read"), "the open read");
        assertThat(stored(clerk, SHOP, first).path("status").asText()).isNotEqualTo("read");
    }

    @Test
    void aVoiceNoteThePhonePlaysIsPlayedAtTheSender() {
        String customer = phone("15552060606");
        TestGateway.Answer sent = gateway.upload(shop, "/chats/" + customer + "/audio", java.util.Map.of("ptt", "true"),
                "note.ogg", "audio/ogg", MediaApiTest.opus(2_000));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String note = sent.json().path("data").path("message_id").asText();
        String text = send(shop, customer, "and a text");
        await(() -> atPhone(customer).stream().anyMatch(m -> m.path("id").asText().equals(note)), "the voice note");

        expect(gateway.admin("POST", "/sandbox/phones/" + customer + "/played", "{\"id\":\"" + text + "\"}"), 409,
                "not a voice note");
        TestGateway.Answer played = gateway.admin("POST", "/sandbox/phones/" + customer + "/played",
                "{\"id\":\"" + note + "\"}");
        assertThat(played.status()).as(played.body()).isEqualTo(200);
        await(() -> stored(shop, customer, note).path("status").asText().equals("played"), "the played receipt");
        await(() -> eventTypes().contains("message.played"), "message.played");
        assertThat(stored(shop, customer, text).path("status").asText()).isNotEqualTo("played");
    }

    /** A second account's device, paired once for the class. */
    private static String clerk() {
        if (clerk == null) {
            clerk = gateway.pairedDevice(CLERK);
        }
        return clerk;
    }

    private static long webhook(String token) {
        return gateway.device(token, "POST", "/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}").json()
                .path("data").path("webhook_id").asLong();
    }

    private static String send(String token, String to, String text) {
        TestGateway.Answer sent = gateway.device(token, "POST", "/chats/" + to + "/messages",
                "{\"text\":\"" + text + "\",\"typing_simulation\":false,\"presence_simulation\":false}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        return sent.json().path("data").path("message_id").asText();
    }

    private static String phone(String number) {
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + number + "\",\"name\":\"Customer\"}");
        return number;
    }

    private static String send(String to, String text) {
        String id = send(shop, to, text);
        await(() -> atPhone(to).stream().anyMatch(m -> m.path("id").asText().equals(id)), "the text at the phone");
        return id;
    }

    private static TestGateway.Answer post(String path, String chat, String fields) {
        return gateway.device(shop, "POST", path, "{\"chat_jid\":\"" + chat + "\"," + fields + "}");
    }

    private static String phoneSends(String phone, String body) {
        TestGateway.Answer sent = gateway.admin("POST", "/sandbox/phones/" + phone + "/messages", body);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        return sent.json().path("data").path("id").asText();
    }

    private static List<JsonNode> atPhone(String phone) {
        List<JsonNode> messages = new ArrayList<>();
        gateway.admin("GET", "/sandbox/phones/" + phone + "/messages", null).json().path("data")
                .forEach(messages::add);
        return messages;
    }

    private static JsonNode awaitAtPhone(String phone, String type) {
        await(() -> atPhone(phone).stream().anyMatch(m -> m.path("type").asText().equals(type)), "a " + type);
        return atPhone(phone).stream().filter(m -> m.path("type").asText().equals(type)).reduce((a, b) -> b)
                .orElseThrow();
    }

    private static JsonNode stored(String chat, String id) {
        return stored(shop, chat, id);
    }

    private static JsonNode stored(String token, String chat, String id) {
        for (JsonNode message : gateway.device(token, "GET", "/chats/" + chat + "/messages?limit=500", null).json()
                .path("data").path("messages")) {
            if (message.path("message_id").asText().equals(id)) {
                return message;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> eventTypes() {
        return eventTypes(shop, webhook);
    }

    private static List<String> eventTypes(String token, long hook) {
        List<String> types = new ArrayList<>();
        gateway.device(token, "GET", "/webhooks/" + hook + "/logs", null).json().path("data").path("logs")
                .forEach(log -> types.add(log.path("EventType").asText()));
        return types;
    }

    private static void expect(TestGateway.Answer answer, int status, String messagePart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.message()).contains(messagePart);
    }
}
