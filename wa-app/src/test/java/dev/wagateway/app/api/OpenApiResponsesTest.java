package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document says what the routes really answer: every built route is called for real (a device paired
 * through the sandbox, a webhook delivering to a local receiver) and each JSON answer is walked against the
 * documented schema of its status — every field documented, every required field there, every type right. The
 * document's own examples are held to the same schemas. A route that answers JSON and is not exercised here fails
 * the test, so a new route cannot go undocumented.
 */
class OpenApiResponsesTest {

    private static final String PHONE = "15550303030";
    private static final String FRIEND = "15550404040";
    private static final String THIRD = "15550505050";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestGateway gateway;
    private static HttpServer receiver;
    private static JsonNode document;
    private DocumentedSchemas schemas;

    @BeforeAll
    static void start() throws IOException {
        gateway = TestGateway.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        document = JSON.readTree(gateway.call("GET", "/docs/swagger.json", null, Map.of()).body());
    }

    @BeforeEach
    void newChecker() {
        schemas = new DocumentedSchemas(document);
    }

    /** Walks the answer against the documented schema of its operation and status. */
    private TestGateway.Answer check(String operation, TestGateway.Answer answer) {
        return schemas.check(operation, answer);
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        gateway.close();
    }

    @Test
    void everyBuiltRouteAnswersAsDocumented() throws Exception {
        check("POST /sandbox/phones", gateway.admin("POST", "/sandbox/phones",
                "{\"phone\":\"" + PHONE + "\",\"name\":\"Docs\"}"));
        gateway.admin("POST", "/sandbox/phones", "{\"phone\":\"" + FRIEND + "\",\"name\":\"Friend\"}");
        check("GET /sandbox/info", gateway.admin("GET", "/sandbox/info", null));
        check("GET /sandbox/stats", gateway.admin("GET", "/sandbox/stats", null));

        // API keys and devices
        TestGateway.Answer key = check("POST /admin/api-keys", gateway.admin("POST", "/admin/api-keys",
                "{\"customer_name\":\"Docs Ltd\",\"customer_email\":\"d@example.com\",\"max_devices\":3}"));
        long keyId = key.json().path("data").path("id").asLong();
        String apiKey = key.json().path("data").path("api_key").asText();
        TestGateway.Answer created = check("POST /devices", gateway.call("POST", "/devices",
                "{\"device_name\":\"Docs\"}", Map.of("X-API-Key", apiKey)));
        String deviceId = created.json().path("device_id").asText();
        String secret = created.json().path("device_secret").asText();
        check("GET /admin/api-keys", gateway.admin("GET", "/admin/api-keys", null));
        check("GET /admin/api-keys/{id}", gateway.admin("GET", "/admin/api-keys/" + keyId, null));
        check("PATCH /admin/api-keys/{id}", gateway.admin("PATCH", "/admin/api-keys/" + keyId,
                "{\"customer_phone\":\"15550000000\"}"));
        check("GET /admin/api-keys/{id}/devices", gateway.admin("GET", "/admin/api-keys/" + keyId + "/devices", null));
        TestGateway.Answer regenerated = check("POST /devices/token", gateway.call("POST", "/devices/token",
                "{\"device_id\":\"" + deviceId + "\",\"device_secret\":\"" + secret + "\"}", Map.of()));
        String token = regenerated.json().path("token").asText();
        check("GET /devices/me", gateway.device(token, "GET", "/devices/me", null));
        check("GET /devices/me/status", gateway.device(token, "GET", "/devices/me/status", null));

        // login: the page (and its poll), the JSON answer, the scan, and "already paired"
        TestGateway.Answer page = gateway.device(token, "POST", "/devices/me/login", null);
        assertThat(page.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(document.at("/paths/~1devices~1me~1login/post/responses/200/content/text~1html").isObject())
                .isTrue();
        Matcher ticket = Pattern.compile("login/qr\\?ticket=([0-9a-f]+)").matcher(page.body());
        assertThat(ticket.find()).isTrue();
        check("GET /devices/me/login/qr", gateway.call("GET", "/devices/me/login/qr?ticket=" + ticket.group(1),
                null, Map.of()));
        TestGateway.Answer login = check("POST /devices/me/login",
                gateway.device(token, "POST", "/devices/me/login?output=json", null));
        check("POST /sandbox/phones/{phone}/link", gateway.admin("POST", "/sandbox/phones/" + PHONE + "/link",
                "{\"qr\":\"" + login.json().path("data").path("qr").asText() + "\"}"));
        await(() -> gateway.device(token, "GET", "/devices/me/status", null).json().path("data").path("connected")
                .asBoolean(), "the device to connect");
        check("GET /devices/me/status", gateway.device(token, "GET", "/devices/me/status", null));
        check("GET /devices/me/login/qr", gateway.call("GET", "/devices/me/login/qr?ticket=" + ticket.group(1),
                null, Map.of()));
        check("POST /devices/me/login", gateway.device(token, "POST", "/devices/me/login?output=json", null));
        await(() -> gateway.device(token, "GET", "/devices/me/status", null).json().path("data").path("connected")
                .asBoolean(), "the device to connect again");
        check("GET /sandbox/phones/{phone}", gateway.admin("GET", "/sandbox/phones/" + PHONE, null));

        // messages both ways
        check("GET /devices/me/contacts/{phone}/registered", gateway.device(token, "GET",
                "/devices/me/contacts/" + FRIEND + "/registered", null));
        TestGateway.Answer sent = check("POST /chats/{chat_jid}/messages", gateway.device(token, "POST",
                "/chats/" + FRIEND + "/messages", "{\"text\":\"documented\"}"));
        check("POST /sandbox/phones/{phone}/messages", gateway.admin("POST", "/sandbox/phones/" + FRIEND
                + "/messages", "{\"to\":\"" + PHONE + "\",\"text\":\"answer\"}"));
        await(() -> gateway.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                .path("messages").size() == 2, "both messages to be stored");
        TestGateway.Answer chat = check("GET /chats/{chat_jid}/messages",
                gateway.device(token, "GET", "/chats/" + FRIEND + "/messages?limit=10", null));
        // the phone's history, synced at once to the device linked to it: contacts, and a message from history
        check("POST /sandbox/phones/{phone}/history", gateway.admin("POST", "/sandbox/phones/" + PHONE + "/history",
                "{\"messages\":[{\"chat\":\"" + FRIEND + "\",\"from_me\":false,\"text\":\"from history\","
                        + "\"timestamp\":1700000000}],\"contacts\":[{\"phone\":\"" + FRIEND
                        + "\",\"name\":\"Friend\"}]}"));
        await(() -> gateway.admin("GET", "/sandbox/phones/" + PHONE + "/history", null).json().path("data")
                .path("acknowledged").size() == 2, "the history sync to be taken");
        check("GET /sandbox/phones/{phone}/history", gateway.admin("GET", "/sandbox/phones/" + PHONE + "/history",
                null));
        check("GET /contacts", gateway.device(token, "GET", "/contacts?limit=10", null));
        check("GET /chats/{chat_jid}/messages", gateway.device(token, "GET", "/chats/" + FRIEND
                + "/messages?limit=10", null));
        check("GET /sandbox/phones/{phone}/messages", gateway.admin("GET", "/sandbox/phones/" + FRIEND
                + "/messages", null));
        String sentId = sent.json().path("data").path("message_id").asText();
        await(() -> gateway.admin("GET", "/sandbox/phones/" + FRIEND + "/messages", null).body().contains(sentId),
                "the friend's phone to have the text");
        check("POST /sandbox/phones/{phone}/read", gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/read",
                "{\"id\":\"" + sentId + "\"}"));
        String incoming = chat.json().path("data").path("messages").get(0).path("message_id").asText();
        check("POST /messages/{message_id}/read", gateway.device(token, "POST", "/messages/" + incoming + "/read",
                "{\"chat_jid\":\"" + FRIEND + "\",\"sender_jid\":\"" + FRIEND + "\"}"));
        assertThat(sent.json().path("data").path("message_id").asText()).isNotBlank();

        // media of every kind
        check("POST /chats/{chat_jid}/images", gateway.upload(token, "/chats/" + FRIEND + "/images",
                Map.of("caption", "documented"), "a.png", "image/png", media(() -> MediaApiTest.image("png", 8, 8))));
        check("POST /chats/{chat_jid}/documents", gateway.upload(token, "/chats/" + FRIEND + "/documents",
                Map.of(), "a.pdf", "application/pdf", MediaApiTest.pdf(2_000)));
        check("POST /chats/{chat_jid}/videos", gateway.upload(token, "/chats/" + FRIEND + "/videos",
                Map.of(), "a.mp4", "video/mp4", MediaApiTest.mp4(2_000)));
        String voiceNote = check("POST /chats/{chat_jid}/audio", gateway.upload(token, "/chats/" + FRIEND + "/audio",
                Map.of("ptt", "true"), "a.ogg", "audio/ogg", MediaApiTest.opus(2_000))).json().path("data")
                .path("message_id").asText();
        await(() -> gateway.admin("GET", "/sandbox/phones/" + FRIEND + "/messages", null).body().contains(voiceNote),
                "the friend's phone to have the voice note");
        check("POST /sandbox/phones/{phone}/played", gateway.admin("POST", "/sandbox/phones/" + FRIEND + "/played",
                "{\"id\":\"" + voiceNote + "\"}"));
        check("POST /chats/{chat_jid}/stickers", gateway.upload(token, "/chats/" + FRIEND + "/stickers",
                Map.of(), "a.webp", "image/webp", MediaApiTest.webp(2_000)));
        check("POST /chats/{chat_jid}/locations", gateway.device(token, "POST", "/chats/" + FRIEND + "/locations",
                "{\"latitude\":-6.2,\"longitude\":106.8}"));
        check("POST /chats/{chat_jid}/contacts", gateway.device(token, "POST", "/chats/" + FRIEND + "/contacts",
                "{\"name\":\"Jane\",\"phone\":\"" + FRIEND + "\"}"));
        TestGateway.Answer poll = gateway.device(token, "POST", "/chats/" + FRIEND + "/polls",
                "{\"question\":\"Lunch?\",\"options\":[\"Pizza\",\"Sushi\"]}");
        check("POST /chats/{chat_jid}/polls", poll);
        String pollId = poll.json().path("data").path("message_id").asText();
        check("POST /polls/{poll_id}/vote", gateway.device(token, "POST", "/polls/" + pollId + "/vote",
                "{\"chat_jid\":\"" + FRIEND + "\",\"options\":[\"Sushi\"]}"));
        check("POST /polls/{poll_id}/vote", gateway.device(token, "POST", "/polls/" + pollId + "/vote",
                "{\"chat_jid\":\"" + FRIEND + "\",\"options\":[\"Tacos\"]}"));
        check("POST /polls/{poll_id}/vote", gateway.device(token, "POST", "/polls/3EB0NOSUCHPOLL/vote",
                "{\"chat_jid\":\"" + FRIEND + "\",\"options\":[\"Sushi\"]}"));
        TestGateway.Answer results = check("GET /polls/{poll_id}/results", gateway.device(token, "GET",
                "/polls/" + pollId + "/results", null));
        assertThat(results.json().path("data").path("options").get(1).path("votes").asInt()).isEqualTo(1);
        check("GET /polls/{poll_id}/results", gateway.device(token, "GET", "/polls/3EB0NOSUCHPOLL/results", null));
        check("DELETE /polls/{poll_id}", gateway.device(token, "DELETE", "/polls/" + pollId,
                "{\"chat_jid\":\"" + FRIEND + "\"}"));

        // chat settings and app state (rows 36, 37, 70–72; GET /chats beyond the table), once the phone's key
        // share arrived
        await(() -> gateway.device(token, "POST", "/chats/" + FRIEND + "/archive", "{\"archive\":true}").status()
                == 200, "the phone's app-state key");
        check("POST /chats/{chat_jid}/archive", gateway.device(token, "POST", "/chats/" + FRIEND + "/archive",
                "{\"archive\":false}"));
        check("POST /chats/{chat_jid}/pin", gateway.device(token, "POST", "/chats/" + FRIEND + "/pin",
                "{\"pin\":true}"));
        check("POST /app-state", gateway.device(token, "POST", "/app-state", "{\"name\":\"regular_high\","
                + "\"action\":\"mute\",\"data\":{\"chat_jid\":\"" + FRIEND + "\",\"muted\":true,\"duration\":60}}"));
        check("POST /app-state", gateway.device(token, "POST", "/app-state", "{\"name\":\"regular_high\"}"));
        check("GET /app-state/{name}", gateway.device(token, "GET", "/app-state/regular_low?only_if_not_synced=1",
                null));
        check("GET /app-state/{name}", gateway.device(token, "GET", "/app-state/bogus", null));
        check("POST /app-state/mark-clean", gateway.device(token, "POST", "/app-state/mark-clean",
                "{\"clean_type\":\"groups\"}"));
        check("POST /app-state/mark-clean", gateway.device(token, "POST", "/app-state/mark-clean", "{}"));
        check("POST /sandbox/phones/{phone}/chats/{jid}/{action}", gateway.admin("POST", "/sandbox/phones/" + PHONE
                + "/chats/" + FRIEND + "@s.whatsapp.net/mute", "{\"muted\":true,\"until\":\"2030-01-01T00:00:00Z\"}"));
        check("GET /sandbox/phones/{phone}/chats", gateway.admin("GET", "/sandbox/phones/" + PHONE + "/chats", null));
        check("GET /chats", gateway.device(token, "GET", "/chats", null));
        check("GET /chats", gateway.device(token, "GET", "/chats?limit=500", null));
        check("GET /chats/{chat_jid}", gateway.device(token, "GET", "/chats/" + FRIEND, null));
        check("GET /chats/{chat_jid}", gateway.device(token, "GET", "/chats/15550009999", null));
        check("POST /sandbox/phones/{phone}/app-state/race", gateway.admin("POST", "/sandbox/phones/" + PHONE
                + "/app-state/race", "{\"device\":\"" + gateway.sandbox().devices(PHONE).getFirst().jid() + "\"}"));
        check("POST /chats/{chat_jid}/mute", gateway.device(token, "POST", "/chats/" + FRIEND + "/mute",
                "{\"muted\":true,\"duration\":3600}"));
        check("POST /chats/{chat_jid}/mute", gateway.device(token, "POST", "/chats/" + FRIEND + "/mute",
                "{\"muted\":true,\"duration\":-5}"));
        check("POST /chats/{chat_jid}/mark-read", gateway.device(token, "POST", "/chats/" + FRIEND + "/mark-read",
                "{\"read\":false,\"last_message_ts\":1774432800}"));
        check("DELETE /chats/{chat_jid}", gateway.device(token, "DELETE", "/chats/" + FRIEND,
                "{\"delete_media\":false}"));
        check("DELETE /chats/{chat_jid}", gateway.device(token, "DELETE", "/chats/" + FRIEND, "{bad"));
        check("POST /sandbox/phones/{phone}/app-state/changes", gateway.admin("POST", "/sandbox/phones/" + PHONE
                + "/app-state/changes", "{\"type\":\"label_edit\",\"label_id\":\"1\",\"name\":\"Leads\"}"));
        check("POST /sandbox/phones/{phone}/app-state/changes", gateway.admin("POST", "/sandbox/phones/" + PHONE
                + "/app-state/changes", "{\"type\":\"nonsense\"}"));
        check("POST /sandbox/phones/{phone}/app-state/rotate-key", gateway.admin("POST", "/sandbox/phones/"
                + PHONE + "/app-state/rotate-key", null));

        // message actions (rows 39–42)
        String ours = sent.json().path("data").path("message_id").asText();
        String chatBody = "{\"chat_jid\":\"" + FRIEND + "\"";
        check("POST /messages/{message_id}/reaction", gateway.device(token, "POST", "/messages/" + incoming
                + "/reaction", chatBody + ",\"emoji\":\"👍\"}"));
        check("POST /messages/{message_id}/reply", gateway.device(token, "POST", "/messages/" + incoming
                + "/reply", chatBody + ",\"text\":\"quoted\",\"typing_simulation\":false}"));
        check("PATCH /messages/{message_id}", gateway.device(token, "PATCH", "/messages/" + ours,
                chatBody + ",\"text\":\"documented, edited\"}"));
        check("DELETE /messages/{message_id}", gateway.device(token, "DELETE", "/messages/" + ours, chatBody + "}"));

        // users (rows 23–31) and the phone's profile
        String friendJid = FRIEND + "@s.whatsapp.net";
        check("PATCH /sandbox/phones/{phone}/profile", gateway.admin("PATCH", "/sandbox/phones/" + FRIEND
                + "/profile", "{\"status\":\"documented\",\"picture\":\"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==\"}"));
        check("GET /sandbox/phones/{phone}/profile", gateway.admin("GET", "/sandbox/phones/" + FRIEND + "/profile",
                null));
        check("GET /users/{user_jid}", gateway.device(token, "GET", "/users/" + friendJid, null));
        check("GET /users/{user_jid}/profile-picture", gateway.device(token, "GET", "/users/" + friendJid
                + "/profile-picture", null));
        check("GET /users/{jid}/devices", gateway.device(token, "GET", "/users/" + friendJid + "/devices", null));
        check("POST /users/{user_jid}/block", gateway.device(token, "POST", "/users/" + friendJid + "/block", null));
        check("DELETE /users/{user_jid}/block", gateway.device(token, "DELETE", "/users/" + friendJid + "/block",
                null));
        check("GET /users/me/privacy", gateway.device(token, "GET", "/users/me/privacy", null));
        check("PATCH /users/me/privacy", gateway.device(token, "PATCH", "/users/me/privacy",
                "{\"setting\":\"profile\",\"value\":\"contacts\"}"));
        check("GET /users/me/status-privacy", gateway.device(token, "GET", "/users/me/status-privacy", null));
        check("POST /users/me/status", gateway.device(token, "POST", "/users/me/status",
                "{\"status\":\"documented\"}"));
        check("GET /users/me/blocklist", gateway.device(token, "GET", "/users/me/blocklist", null));

        // presence and disappearing messages (rows 67–69), the subscription, the push name, the phone's view
        check("POST /users/me/name", gateway.device(token, "POST", "/users/me/name", "{\"name\":\"Docs\"}"));
        check("POST /devices/me/force-active-receipts", gateway.device(token, "POST",
                "/devices/me/force-active-receipts", "{\"active\":true}"));
        check("POST /presence/subscribe", gateway.device(token, "POST", "/presence/subscribe",
                "{\"jid\":\"" + friendJid + "\"}"));
        check("POST /chats/{chat_jid}/presence", gateway.device(token, "POST", "/chats/" + FRIEND + "/presence",
                "{\"state\":\"composing\"}"));
        check("POST /presence/status", gateway.device(token, "POST", "/presence/status",
                "{\"status\":\"available\"}"));
        check("POST /sandbox/phones/{phone}/presence", gateway.admin("POST", "/sandbox/phones/" + FRIEND
                + "/presence", "{\"state\":\"composing\",\"to\":\"" + PHONE + "\"}"));
        await(() -> gateway.admin("GET", "/sandbox/phones/" + FRIEND + "/presence", null).json().path("data")
                .path("received").size() > 0, "the phone to be shown the device's typing");
        check("GET /sandbox/phones/{phone}/presence", gateway.admin("GET", "/sandbox/phones/" + FRIEND
                + "/presence", null));
        check("PATCH /chats/{chat_jid}/disappearing-timer", gateway.device(token, "PATCH", "/chats/" + friendJid
                + "/disappearing-timer", "{\"timer\":\"off\"}"));

        // groups (rows 43–66) and the sandbox's view of them
        groups(token);

        // webhooks, delivering to a local receiver
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        TestGateway.Answer hook = check("POST /webhooks", gateway.device(token, "POST", "/webhooks",
                "{\"url\":\"" + url + "\",\"events\":[\"test.ping\"]}"));
        long hookId = hook.json().path("data").path("webhook_id").asLong();
        check("GET /webhooks", gateway.device(token, "GET", "/webhooks", null));
        check("GET /webhooks/{webhook_id}", gateway.device(token, "GET", "/webhooks/" + hookId, null));
        check("PATCH /webhooks/{webhook_id}", gateway.device(token, "PATCH", "/webhooks/" + hookId,
                "{\"url\":\"" + url + "\",\"active\":true}"));
        check("POST /webhooks/{webhook_id}/test", gateway.device(token, "POST", "/webhooks/" + hookId + "/test", null));
        await(() -> gateway.device(token, "GET", "/webhooks/" + hookId + "/logs", null).json().path("data")
                .path("logs").path(0).path("status").asText().equals("success"), "the test delivery");
        TestGateway.Answer logs = check("GET /webhooks/{webhook_id}/logs", gateway.device(token, "GET",
                "/webhooks/" + hookId + "/logs", null));
        long delivery = logs.json().path("data").path("logs").get(0).path("id").asLong();
        check("POST /webhooks/{webhook_id}/logs/{delivery_id}/redeliver", gateway.device(token, "POST",
                "/webhooks/" + hookId + "/logs/" + delivery + "/redeliver", null));

        // admin views, with a paired device among them
        check("GET /admin/stats", gateway.admin("GET", "/admin/stats", null));
        check("GET /admin/health", gateway.admin("GET", "/admin/health", null));
        check("GET /admin/devices", gateway.admin("GET", "/admin/devices", null));
        check("GET /admin/devices/status", gateway.admin("GET", "/admin/devices/status", null));
        check("GET /admin/webhooks/stats", gateway.admin("GET", "/admin/webhooks/stats", null));
        check("POST /admin/whatsapp/version/refresh", gateway.admin("POST", "/admin/whatsapp/version/refresh", null));
        check("GET /admin/whatsapp/version", gateway.admin("GET", "/admin/whatsapp/version", null));
        check("GET /admin/nodes", gateway.admin("GET", "/admin/nodes", null));
        check("POST /admin/devices/reconnect", gateway.admin("POST", "/admin/devices/reconnect", null));
        check("GET /admin/api-keys/{id}", gateway.admin("GET", "/admin/api-keys/" + keyId, null));
        check("POST /devices/me/reconnect", gateway.device(token, "POST", "/devices/me/reconnect", null));

        // a second device logs in by code
        TestGateway.Answer second = gateway.call("POST", "/devices", "{}", Map.of("X-API-Key", apiKey));
        String secondToken = second.json().path("token").asText();
        TestGateway.Answer code = check("POST /devices/me/login-code", gateway.device(secondToken, "POST",
                "/devices/me/login-code", "{\"phone\":\"" + PHONE + "\"}"));
        check("POST /sandbox/phones/{phone}/link-code", gateway.admin("POST", "/sandbox/phones/" + PHONE
                + "/link-code", "{\"code\":\"" + code.json().path("data").path("PairCode").asText() + "\"}"));
        gateway.awaitPaired(secondToken);
        String secondJid = gateway.device(secondToken, "GET", "/devices/me", null).json().path("data")
                .path("whatsmeow_jid").asText();
        check("POST /sandbox/faults", gateway.admin("POST", "/sandbox/faults",
                "{\"type\":\"drop\",\"device\":\"" + secondJid + "\"}"));

        // the device's own proxy (§6.1), on the second device (the change drops its client; it is deleted next)
        check("POST /devices/me/proxy", gateway.device(secondToken, "POST", "/devices/me/proxy",
                "{\"proxy_url\":\"ftp://proxy.example.com\"}"));
        check("POST /devices/me/proxy", gateway.device(secondToken, "POST", "/devices/me/proxy",
                "{\"proxy_url\":\"socks5://user:secret@127.0.0.1:9\"}"));
        check("GET /devices/me/proxy", gateway.device(secondToken, "GET", "/devices/me/proxy", null));

        // and the deletions
        check("DELETE /webhooks/{webhook_id}", gateway.device(token, "DELETE", "/webhooks/" + hookId, null));
        check("DELETE /devices/me/session", gateway.device(token, "DELETE", "/devices/me/session", null));
        check("DELETE /admin/devices/{device_id}", gateway.admin("DELETE", "/admin/devices/"
                + second.json().path("device_id").asText(), null));
        check("DELETE /admin/api-keys/{id}", gateway.admin("DELETE", "/admin/api-keys/" + keyId, null));
        check("GET /", gateway.call("GET", "/", null, Map.of()));

        assertThat(schemas.problems()).as("answers that differ from the document").isEmpty();
        assertThat(schemas.checked()).as("every built route that answers JSON was exercised")
                .containsExactlyInAnyOrderElementsOf(schemas.jsonOperations());
    }

    /** Every group route once, with a second account to invite and to ask to join. */
    private void groups(String token) throws Exception {
        String third = gateway.pairedDevice(THIRD);
        String group = check("POST /groups", gateway.device(token, "POST", "/groups", "{\"name\":\"Docs\","
                + "\"participants\":[\"" + FRIEND + "\"],\"description\":\"documented\"}")).json().path("data")
                .path("JID").asText();
        check("GET /sandbox/groups/{jid}", gateway.admin("GET", "/sandbox/groups/" + group, null));
        check("POST /sandbox/groups", gateway.admin("POST", "/sandbox/groups", "{\"creator\":\"" + FRIEND
                + "\",\"subject\":\"Friend's\",\"participants\":[\"" + PHONE + "\"]}"));
        check("GET /groups", gateway.device(token, "GET", "/groups?force_refresh=true", null));
        check("GET /groups/{group_jid}", gateway.device(token, "GET", "/groups/" + group, null));
        check("PATCH /groups/{group_jid}/name", gateway.device(token, "PATCH", "/groups/" + group + "/name",
                "{\"name\":\"Docs 2\"}"));
        check("PATCH /groups/{group_jid}/description", gateway.device(token, "PATCH", "/groups/" + group
                + "/description", "{\"description\":\"again\"}"));
        check("PATCH /groups/{group_jid}/topic", gateway.device(token, "PATCH", "/groups/" + group + "/topic",
                "{\"topic\":\"topic\"}"));
        check("POST /groups/{group_jid}/photo", gateway.uploadFile(token, "/groups/" + group + "/photo", "photo",
                "p.jpg", new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0, (byte) 0xff,
                        (byte) 0xd9}));
        String link = check("GET /groups/{group_jid}/invite-link", gateway.device(token, "GET", "/groups/" + group
                + "/invite-link", null)).json().path("data").path("link").asText();
        String code = link.substring(link.lastIndexOf('/') + 1);
        check("GET /groups/invite/{invite_code}", gateway.device(third, "GET", "/groups/invite/" + code, null));
        check("PATCH /groups/{group_jid}/settings", gateway.device(token, "PATCH", "/groups/" + group
                + "/settings", "{\"locked\":true}"));
        check("PATCH /groups/{group_jid}/member-add-mode", gateway.device(token, "PATCH", "/groups/" + group
                + "/member-add-mode", "{\"mode\":\"admin_only\"}"));
        check("POST /groups/{group_jid}/join-approval", gateway.device(token, "POST", "/groups/" + group
                + "/join-approval", "{\"mode\":true}"));
        java.util.UUID thirdId = java.util.UUID.fromString(gateway.device(third, "GET", "/devices/me", null).json()
                .path("data").path("device_id").asText());
        var thirdSession = gateway.application().services().sessions().connectedClient(thirdId);
        thirdSession.groups().joinByInvite(code).get(15, java.util.concurrent.TimeUnit.SECONDS);
        check("GET /groups/{group_jid}/participant-requests", gateway.device(token, "GET", "/groups/" + group
                + "/participant-requests", null));
        String users = "{\"users\":[\"" + THIRD + "\"]}";
        check("POST /groups/{group_jid}/requests/reject", gateway.device(token, "POST", "/groups/" + group
                + "/requests/reject", users));
        thirdSession.groups().joinByInvite(code).get(15, java.util.concurrent.TimeUnit.SECONDS);
        check("POST /groups/{group_jid}/requests/approve", gateway.device(token, "POST", "/groups/" + group
                + "/requests/approve", users));
        check("POST /groups/{group_jid}/admins", gateway.device(token, "POST", "/groups/" + group + "/admins",
                users));
        check("DELETE /groups/{group_jid}/admins", gateway.device(token, "DELETE", "/groups/" + group + "/admins",
                users));
        check("DELETE /groups/{group_jid}/participants", gateway.device(token, "DELETE", "/groups/" + group
                + "/participants", "{\"participants\":[\"" + THIRD + "\"]}"));
        gateway.application().sandbox().orElseThrow().groups().groupAddPrivacy(THIRD, "none");
        JsonNode invite = check("POST /groups/{group_jid}/participants", gateway.device(token, "POST", "/groups/"
                + group + "/participants", "{\"participants\":[\"" + THIRD + "\"]}")).json().path("data").get(0)
                .path("AddRequest");
        check("POST /groups/{group_jid}/join-invite", gateway.device(third, "POST", "/groups/" + group
                + "/join-invite", "{\"invite_code\":\"" + invite.path("Code").asText() + "\",\"inviter\":\"" + PHONE
                + "\",\"expiration\":" + java.time.Instant.parse(invite.path("Expiration").asText()).getEpochSecond()
                + "}"));
        String community = thirdSession.groups().createCommunity("Docs community")
                .get(15, java.util.concurrent.TimeUnit.SECONDS).jid().toString();
        String thirdGroup = gateway.device(third, "POST", "/groups", "{\"name\":\"Docs sub\"}").json()
                .path("data").path("JID").asText();
        check("POST /groups/{parent_group_jid}/link/{group_jid}", gateway.device(third, "POST", "/groups/"
                + community + "/link/" + thirdGroup, null));
        check("GET /groups/{community_jid}/subgroups", gateway.device(third, "GET", "/groups/" + community
                + "/subgroups", null));
        check("GET /groups/{community_jid}/linked-participants", gateway.device(third, "GET", "/groups/"
                + community + "/linked-participants", null));
        check("POST /groups/{group_jid}/leave", gateway.device(third, "POST", "/groups/" + group + "/leave", null));
    }

    @Test
    void theDocumentsExamplesFitItsSchemas() {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("servers")) {
                    continue;
                }
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                op.getValue().path("responses").fields().forEachRemaining(response -> {
                    JsonNode json = response.getValue().path("content").path("application/json");
                    if (json.has("example")) {
                        schemas.walk(where + " example " + response.getKey(), json.path("example"),
                                json.path("schema"));
                    }
                });
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json");
                if (body.path("schema").has("example")) {
                    schemas.walk(where + " request example", body.path("schema").path("example"),
                            body.path("schema"));
                }
            }
        }
        assertThat(schemas.problems()).isEmpty();
        // examples are there for answers, not only for request bodies
        assertThat(document.at("/paths/~1devices~1me~1login-code/post/responses/200/content/application~1json/example"
                + "/data/PairCode").asText()).isEqualTo("ABCD-EFGH");
        assertThat(document.at("/paths/~1devices~1me~1login/post/responses/200/content/application~1json/example"
                + "/data/qr").asText()).startsWith("https://wa.me/settings/linked_devices#2@");
    }

    /** Test media made by a helper that may fail with an I/O error. */
    private static byte[] media(java.util.concurrent.Callable<byte[]> make) {
        try {
            return make.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
