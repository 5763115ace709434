package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.PhoneSend;
import dev.wagateway.sandbox.ProfileUpdate;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxException;
import dev.wagateway.sandbox.SandboxServer;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wagateway.app.sandbox.SandboxRouteKit.answer;
import static dev.wagateway.app.sandbox.SandboxRouteKit.body;
import static dev.wagateway.app.sandbox.SandboxRouteKit.phone;
import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.number;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * In sandbox mode, the sandbox's control API (architecture, "The sandbox contract") served by the gateway itself
 * under {@code /sandbox/*}, behind the admin secret, answering in the gateway's envelope like every other route:
 * the control answer is its {@code data}, a sandbox refusal its error. Phones, groups and the sandbox's own figures
 * here; faults in {@link SandboxFaultRoutes}, chats' app state in {@link SandboxChatRoutes}.
 */
public final class SandboxRoutes implements RouteGroup {

    private static final String PHONE = "/sandbox/phones/{phone}";
    private static final String LID_EXAMPLE = "1234567890123@lid";
    private static final String PHONE_EXAMPLE = "6281234567890";
    private static final String JID_EXAMPLE = "6281234567890@s.whatsapp.net";
    private static final String GROUP_EXAMPLE = "120363123456789012@g.us";
    private static final int MAX_MEMBERS = 1024;
    private static final int QR_TEXT = 1024;
    private static final int CODE = 16;
    private static final int NAME = 255;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxServer sandbox;
    private final SandboxControl control;
    private final AuthGate auth;

    public SandboxRoutes(SandboxServer sandbox, AuthGate auth) {
        this.sandbox = sandbox;
        this.control = sandbox.control();
        this.auth = auth;
    }

    @Override
    public void register(RouteRegistry routes) {
        add(routes, "GET", "/sandbox/info", "Sandbox websocket URL, root key and media URL",
                answer(200, "Sandbox information", object("ws_url", string("ws://127.0.0.1:41234/ws/chat"),
                        "root_key", string("3f1c…64 hex"), "media_url", string("https://127.0.0.1:41235/mms"),
                        "media_host", string("127.0.0.1:41235", "the media host, HTTPS only"),
                        "media_ca_pem", string("-----BEGIN CERTIFICATE-----\nMIIB…", "the media host's CA"))), null,
                ctx -> answer(ctx, 200, "Sandbox information", sandbox::info));
        add(routes, "GET", "/sandbox/stats",
                "Sandbox connections and memory (requests a full GC first unless ?gc=false)",
                answer(200, "Sandbox statistics", object("connections", integer(2), "linked_devices", integer(2),
                        "online_devices", integer(1), "heap_used_bytes", integer(52_428_800),
                        "heap_max_bytes", integer(2_147_483_648L),
                        "refusals", object("405", optional(integer(0)), "463", optional(integer(0)),
                                "479", optional(integer(0))),
                        "refused", array(object("code", integer(479), "stanza",
                                string("message 3EB0… from 15550001111:3@s.whatsapp.net to …",
                                        "the first refused stanzas, to trace an unexpected refusal"))),
                        "unacked", integer(0),
                        "phone_backlog", integer(0),
                        "usync_contact", object("queries", integer(0), "users", integer(0)),
                        "placeholder_resends", object("requested", integer(0), "answered", integer(0)),
                        "direct_messages", object("lid", optional(integer(0)), "pn", optional(integer(0))))), null,
                ctx -> answer(ctx, 200, "Sandbox statistics",
                        () -> sandbox.stats(!"false".equals(ctx.queryParam("gc")))));
        add(routes, "POST", "/sandbox/phones", "Create a simulated phone",
                answer(201, "Phone created", object("phone", string(PHONE_EXAMPLE), "jid", string(JID_EXAMPLE),
                        "lid", string(LID_EXAMPLE))),
                body(object("phone", string(PHONE_EXAMPLE, "6 to 15 digits"), "name", optional(string("Acme phone"))),
                        Map.of("phone", PHONE_EXAMPLE, "name", "Acme phone")), ctx -> {
                    RequestFields body = body(ctx);
                    String phone = body.string("phone", FieldLimits.PHONE).orElse(null);
                    String name = body.string("name", NAME).orElse(null);
                    answer(ctx, 201, "Phone created", () -> {
                        String jid = control.createPhone(phone, name);
                        Map<String, Object> created = ordered("phone", phone, "jid", jid);
                        created.put("lid", control.phoneLid(jid.substring(0, jid.indexOf('@'))));
                        return created;
                    });
                });
        add(routes, "GET", PHONE, "A phone's LID and linked devices", answer(200, "Linked devices", object(
                        "phone", string(PHONE_EXAMPLE), "lid", string(LID_EXAMPLE), "devices",
                        array(object("jid", string("6281234567890:1@s.whatsapp.net"),
                                "lid", string("1234567890123:1@lid"), "online", bool(true),
                                "queued", integer(0))))), null,
                ctx -> answer(ctx, 200, "Linked devices", () -> {
                    Map<String, Object> view = ordered("phone", phone(ctx), "lid", control.phoneLid(phone(ctx)));
                    view.put("devices", control.devices(phone(ctx)));
                    return view;
                }));
        add(routes, "POST", PHONE + "/link", "The phone scans a QR (its raw text)",
                answer(200, "QR code scanned", object("linked", bool(true))),
                body(object("qr", string("https://wa.me/settings/linked_devices#2@…,…,…,…,1")),
                        Map.of("qr", "https://wa.me/settings/linked_devices#2@…,…,…,…,1")), ctx -> {
                    String qr = body(ctx).string("qr", QR_TEXT).orElse(null);
                    answer(ctx, 200, "QR code scanned", () -> {
                        control.linkQr(phone(ctx), qr);
                        return Map.of("linked", true);
                    });
                });
        add(routes, "POST", PHONE + "/link-code", "The phone enters a pairing code (ABCD-EFGH or ABCDEFGH)",
                answer(200, "Pairing code entered", object("accepted", bool(true))),
                body(object("code", string("ABCD-EFGH")), Map.of("code", "ABCD-EFGH")), ctx -> {
                    String code = body(ctx).string("code", CODE).orElse(null);
                    answer(ctx, 200, "Pairing code entered", () -> {
                        control.linkCode(phone(ctx), code);
                        return Map.of("accepted", true);
                    });
                });
        add(routes, "POST", PHONE + "/messages", "The phone sends a text, a file (base64), a location, a contact, "
                        + "a poll, a vote, a quoted reply, a reaction, an edit, a revoke or a forward",
                answer(200, "Message sent", object("id", string("3EB0C767D0D1A2B3C4D5"))),
                body(object("to", optional(string(PHONE_EXAMPLE, "a phone number or user JID; optional for an action")),
                                "text", optional(string("Hi back")),
                                "image", optional(string("/9j/4AAQ…", "base64; likewise video, audio, document, "
                                        + "sticker")),
                                "mimetype", optional(string("image/jpeg")), "caption", optional(string("a photo")),
                                "filename", optional(string("report.pdf")), "ptt", optional(bool(false)),
                                "location", optional(object("latitude", number(-6.2), "longitude", number(106.8),
                                        "name", optional(string("Monas")))),
                                "contact", optional(object("name", string("Jane"), "phone", string(PHONE_EXAMPLE))),
                                "poll", optional(object("name", string("Lunch?"), "options", array(string("Pizza")),
                                        "selectable", optional(integer(1)))),
                                "vote", optional(object("poll_id", string("3EB05BFCBA03CA27DF7B74",
                                                "a poll the phone sent or received; the vote goes to its chat"),
                                        "options", array(string("Pizza")))),
                                "reply_to", optional(string("3EB05BFCBA03CA27DF7B74", "the message the text quotes")),
                                "reaction", optional(object("id", string("3EB05BFCBA03CA27DF7B74"),
                                        "emoji", string("👍", "empty takes the reaction back"))),
                                "edit", optional(object("id", string("3EB05BFCBA03CA27DF7B74"),
                                        "text", string("Hi again"))),
                                "revoke", optional(object("id", string("3EB05BFCBA03CA27DF7B74"))),
                                "forward", optional(object("id", string("3EB05BFCBA03CA27DF7B74",
                                        "a message the phone knows, sent on to `to` marked as forwarded")))),
                        Map.of("to", PHONE_EXAMPLE, "text", "Hi back")), ctx -> {
                    JsonNode json = json(ctx);
                    if (isAction(json)) {
                        RequestFields body = body(ctx);
                        String to = body.string("to", FieldLimits.JID).orElse(null);
                        String text = body.string("text", FieldLimits.TEXT).orElse(null);
                        PhoneSend send = new PhoneSend(to, text, target(body, "reaction", "emoji"),
                                target(body, "edit", "text"),
                                body.object("revoke").map(revoke -> revoke.string("id", FieldLimits.MESSAGE_ID)
                                        .orElse("")).orElse(null),
                                body.string("reply_to", FieldLimits.MESSAGE_ID).orElse(null),
                                body.object("forward").map(forward -> forward.string("id", FieldLimits.MESSAGE_ID)
                                        .orElse("")).orElse(null));
                        answer(ctx, 200, "Message sent", () -> Map.of("id", control.phoneSend(phone(ctx), send)));
                        return;
                    }
                    String to = json.path("to").isTextual() ? RequestFields.checked("to", json.get("to").asText(),
                            FieldLimits.JID) : null;
                    answer(ctx, 200, "Message sent", () -> Map.of("id",
                            control.phoneSend(phone(ctx), to, PhoneContent.parse(json))));
                });
        add(routes, "GET", PHONE + "/media/{id}", "The decrypted bytes of a file the phone received",
                OperationShape.builder().raw(200, "application/octet-stream", "the decrypted file",
                        Map.of("type", "string", "format", "binary")), null, ctx -> {
                    String id = RequestFields.checked("id", ctx.pathParam("id"), FieldLimits.MESSAGE_ID);
                    try {
                        byte[] bytes = control.phoneMedia(phone(ctx), id);
                        ctx.contentType("application/octet-stream").result(bytes);
                    } catch (SandboxException e) {
                        int code = e.status() >= 400 && e.status() < 600 ? e.status() : 500;
                        ctx.status(code).json(Envelope.failure(code, e.getMessage()));
                    }
                });
        add(routes, "GET", PHONE + "/messages", "What the phone received, decrypted, oldest first",
                answer(200, "Messages received", array(object("id", string("3EB05BFCBA03CA27DF7B74"),
                        "from", string("6281234567890:1@s.whatsapp.net"), "chat", string(JID_EXAMPLE),
                        "type", string("text", "text, image, video, audio, document, sticker, location, contact, "
                                + "poll, poll_vote, reaction, edit, revoke or disappearing_timer"),
                        "text", string("Hello from WhatsApp API!"),
                        "timestamp", integer(1795560802),
                        "caption", optional(string("a photo", "absent when the kind has none")),
                        "media", optional(object("mimetype", string("image/jpeg"), "size", integer(48213),
                                "sha256", string("9f86d0…64 hex", "of the decrypted bytes"),
                                "filename", optional(string("report.pdf")),
                                "error", optional(string("why the download or a check failed")))),
                        "location", optional(object("latitude", number(-6.2), "longitude", number(106.8),
                                "name", optional(string("Monas")))),
                        "contact", optional(object("name", string("Jane"), "phone", string(PHONE_EXAMPLE),
                                "vcard", string("BEGIN:VCARD…"))),
                        "poll", optional(object("name", string("Lunch?"), "options", array(string("Pizza")),
                                "selectable", integer(1))),
                        "reaction", optional(object("id", string("3EB0A1B2C3D4E5F6"), "emoji", string("👍"))),
                        "edit", optional(object("id", string("3EB0A1B2C3D4E5F6"), "text", string("fixed"))),
                        "revoke", optional(object("id", string("3EB0A1B2C3D4E5F6"))),
                        "quoted_id", optional(string("3EB0A1B2C3D4E5F6")),
                        "expiration", optional(integer(86400)),

                        "vote", optional(object("poll_id", string("3EB0A1B2C3D4E5F6"),
                                "options", optional(array(string("Pizza"))),
                                "error", optional(string("why the vote counts for nothing"))))))), null,
                ctx -> answer(ctx, 200, "Messages received", () -> control.phoneMessages(phone(ctx))));
        Map<String, Object> profile = object("status", string("Hey there! I am using WhatsApp."),
                "picture_id", optional(string("sbx-1001")),
                "privacy", object("group_add", string("all"), "last_seen", string("all"), "status", string("all"),
                        "profile", string("all"), "read_receipts", string("all"), "call_add", string("all"),
                        "online", string("all"), "messages", string("all"), "defense", string("on_standard"),
                        "stickers", string("contacts")),
                "blocked", array(string(JID_EXAMPLE)));
        add(routes, "GET", PHONE + "/profile", "The phone's profile as the server holds it",
                answer(200, "Profile", profile), null,
                ctx -> answer(ctx, 200, "Profile", () -> control.profile(phone(ctx))));
        add(routes, "PATCH", PHONE + "/profile", "Change the phone's about text, picture, privacy or block list",
                answer(200, "Profile updated", profile),
                body(object("status", optional(string("At work")), "picture", optional(string("/9j/4AAQ…",
                                "a JPEG, base64")), "privacy", optional(object("last_seen", optional(string("none")))),
                                "blocked", optional(array(string(JID_EXAMPLE)))), Map.of("status", "At work")),
                ctx -> {
                    RequestFields body = body(ctx);
                    Map<String, String> privacy = body.object("privacy").map(fields -> {
                        Map<String, String> values = new LinkedHashMap<>();
                        for (String name : List.of("group_add", "last_seen", "status", "profile", "read_receipts",
                                "call_add", "online", "messages", "defense", "stickers")) {
                            fields.string(name, NAME).ifPresent(value -> values.put(name, value));
                        }
                        return values;
                    }).orElse(null);
                    ProfileUpdate update = new ProfileUpdate(body.string("status", NAME).orElse(null),
                            body.string("picture", 4 * 1024 * 1024).orElse(null), privacy,
                            body.strings("blocked", 256, FieldLimits.JID).orElse(null));
                    answer(ctx, 200, "Profile updated", () -> control.updateProfile(phone(ctx), update));
                });
        Map<String, Object> member = object("jid", string(JID_EXAMPLE), "lid", stringOrNull("1234567890123@lid"),
                "phone", stringOrNull(PHONE_EXAMPLE), "role", oneOf("superadmin", "admin", "member"));
        Map<String, Object> group = object("jid", string(GROUP_EXAMPLE), "subject", string("Customers"),
                "description", stringOrNull("Support group"), "addressing_mode", oneOf("pn", "lid"),
                "announce", bool(false), "locked", bool(false), "member_add_mode", oneOf("admin_only", "all_members"),
                "join_approval", bool(false), "parent", stringOrNull(GROUP_EXAMPLE), "is_community", bool(false),
                "default_sub_group", bool(false), "ephemeral", integer(0), "picture_id", stringOrNull("1774433730"),
                "participants", array(member), "pending", array(string(JID_EXAMPLE)),
                "invite_code", stringOrNull("AbCdEfGh12"), "sub_groups", array(string(GROUP_EXAMPLE)));
        Map<String, Object> historySent = object("id", string("3EB0C767D0D1A2B3C4D5"),
                "device", string("6281234567890:1@s.whatsapp.net"), "type", string("INITIAL_BOOTSTRAP"),
                "inline", bool(true), "bytes", integer(2048));
        add(routes, "POST", PHONE + "/history", "Seed what the phone syncs to the companions it links (sent at "
                        + "once to those linked now)",
                answer(200, "History seeded", object("messages", integer(500), "contacts", integer(200),
                        "sent", array(historySent))),
                body(object("messages", array(object("chat", string(PHONE_EXAMPLE), "from_me", bool(false),
                                "text", string("Hi"), "timestamp", integer(1774433730),
                                "id", optional(string("3EB0A1B2C3D4E5F6")),
                                "sender", optional(string(JID_EXAMPLE, "the author in a group")))),
                        "contacts", optional(array(object("phone", string(PHONE_EXAMPLE), "name", string("Jane")))),
                        "recent_per_chat", optional(integer(20))), Map.of("messages", List.of())),
                ctx -> {
                    JsonNode json = json(ctx);
                    answer(ctx, 200, "History seeded", () -> sandbox.history().seed(phone(ctx), json));
                });
        add(routes, "GET", PHONE + "/history", "What the phone holds, sent and had acknowledged (hist_sync)",
                answer(200, "History", object("messages", integer(500), "contacts", integer(200),
                        "sent", array(historySent), "acknowledged", array(string("3EB0C767D0D1A2B3C4D5")))), null,
                ctx -> answer(ctx, 200, "History", () -> sandbox.history().view(phone(ctx))));
        add(routes, "GET", "/sandbox/groups/{jid}", "A group as the sandbox holds it",
                answer(200, "Group", group), null,
                ctx -> answer(ctx, 200, "Group", () -> sandbox.groups().group(
                        RequestFields.checked("jid", ctx.pathParam("jid"), FieldLimits.JID))));
        add(routes, "POST", "/sandbox/groups", "A phone creates a group (its members' companions are told)",
                answer(201, "Group created", group),
                body(object("creator", string(PHONE_EXAMPLE), "subject", string("Customers"),
                                "participants", optional(array(string(PHONE_EXAMPLE))),
                                "addressing_mode", optional(oneOf("pn", "lid"))),
                        Map.of("creator", PHONE_EXAMPLE, "subject", "Customers")), ctx -> {
                    RequestFields body = body(ctx);
                    String creator = body.string("creator", FieldLimits.PHONE).orElse(null);
                    String subject = body.string("subject", NAME).orElse(null);
                    List<String> participants = body.strings("participants", MAX_MEMBERS, FieldLimits.JID)
                            .orElse(List.of());
                    String mode = body.string("addressing_mode", CODE).orElse(null);
                    answer(ctx, 201, "Group created", () ->
                            sandbox.groups().createGroup(creator, subject, participants, mode));
                });
        add(routes, "POST", PHONE + "/read", "The phone reads a message it received (a read receipt to the sender)",
                answer(200, "Message read", object("read", bool(true))),
                body(object("id", string("3EB05BFCBA03CA27DF7B74", "the id of a message the phone received")),
                        Map.of("id", "3EB05BFCBA03CA27DF7B74")), ctx -> {
                    String id = body(ctx).string("id", FieldLimits.MESSAGE_ID).orElse(null);
                    answer(ctx, 200, "Message read", () -> {
                        control.phoneRead(phone(ctx), id);
                        return Map.of("read", true);
                    });
                });
        add(routes, "POST", PHONE + "/played", "The phone plays a voice note it received (a played receipt to the "
                        + "sender); 409 for any other kind of message",
                answer(200, "Message played", object("played", bool(true))),
                body(object("id", string("3EB05BFCBA03CA27DF7B74", "the id of a voice note the phone received")),
                        Map.of("id", "3EB05BFCBA03CA27DF7B74")), ctx -> {
                    String id = body(ctx).string("id", FieldLimits.MESSAGE_ID).orElse(null);
                    answer(ctx, 200, "Message played", () -> {
                        control.phonePlayed(phone(ctx), id);
                        return Map.of("played", true);
                    });
                });
        add(routes, "POST", PHONE + "/presence", "The phone goes online or offline, types, records or stops in a "
                        + "chat, or subscribes to a contact's presence",
                answer(200, "Presence sent", object("state", oneOf("available", "unavailable", "composing",
                                "recording", "paused", "subscribe"),
                        "to", optional(string(JID_EXAMPLE, "the chat or contact, for a chat state or subscribe")),
                        "delivered", optional(bool(true)))),
                body(object("state", oneOf("available", "unavailable", "composing", "recording", "paused",
                                "subscribe"),
                                "to", optional(string(JID_EXAMPLE, "a phone number, user or group JID; for a chat "
                                        + "state or subscribe"))),
                        Map.of("state", "composing", "to", JID_EXAMPLE)), ctx -> {
                    RequestFields body = body(ctx);
                    String state = body.string("state", CODE).orElse(null);
                    String to = body.string("to", FieldLimits.JID).orElse(null);
                    answer(ctx, 200, "Presence sent", () -> control.phonePresence(phone(ctx), state, to));
                });
        add(routes, "GET", PHONE + "/presence", "The phone's presence and the presence and chat states it was shown",
                answer(200, "Presence", object("phone", string(PHONE_EXAMPLE),
                        "state", oneOf("available", "unavailable"),
                        "last_seen", integerOrNull(1795560802),
                        "subscribed_to", array(string(JID_EXAMPLE)),
                        "received", array(object("type", oneOf("presence", "chatstate"),
                                "from", string(JID_EXAMPLE), "chat", optional(string(JID_EXAMPLE, "chat states only")),
                                "state", oneOf("available", "unavailable", "composing", "recording", "paused"),
                                "last_seen", optional(integer(1795560802)),
                                "timestamp", integer(1795560802))))), null,
                ctx -> answer(ctx, 200, "Presence", () -> control.phonePresenceView(phone(ctx))));
    }

    /** Documents and registers one route; every one needs the admin secret. */
    private void add(RouteRegistry routes, String method, String path, String summary,
                     OperationShape.Builder answer, Map<String, Object>[] body, Handler handler) {
        SandboxRouteKit.add(routes, auth, method, path, summary, answer, body, handler);
    }

    /** An integer that may be null (a last seen never set). */
    private static Map<String, Object> integerOrNull(long example) {
        Map<String, Object> schema = new LinkedHashMap<>(integer(example));
        schema.put("type", List.of("integer", "null"));
        return schema;
    }

    /** A string that may be null (a group's unset description, parent, picture or invite code). */
    private static Map<String, Object> stringOrNull(String example) {
        Map<String, Object> schema = new LinkedHashMap<>(string(example));
        schema.put("type", List.of("string", "null"));
        return schema;
    }

    /** A map that keeps its keys in the order given, so answers read the same every time. */
    private static Map<String, Object> ordered(String firstKey, Object firstValue, String secondKey,
                                               Object secondValue) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(firstKey, firstValue);
        map.put(secondKey, secondValue);
        return map;
    }

    /** The body as JSON (files come base64-encoded in it), refused with 400 when it is not a JSON object. */
    private static JsonNode json(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.bodyAsBytes());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (java.io.IOException e) {
            // refused below
        }
        throw new dev.wagateway.http.request.BadRequestException("body must be a JSON object");
    }

    /** A reaction, an edit, a revoke or a reply: the phone acts on a message it knows. */
    private static boolean isAction(JsonNode body) {
        return body.hasNonNull("reaction") || body.hasNonNull("edit") || body.hasNonNull("revoke")
                || body.hasNonNull("forward") || body.hasNonNull("reply_to");
    }

    /** A {@code {id, <valueField>}} object of the body, null when absent. */
    private static PhoneSend.Target target(RequestFields body, String field, String valueField) {
        return body.object(field).map(target -> new PhoneSend.Target(
                target.string("id", FieldLimits.MESSAGE_ID).orElse(null),
                target.string(valueField, FieldLimits.TEXT).orElse(null))).orElse(null);
    }

}
