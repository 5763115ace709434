package dev.wagateway.http.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.extend;
import static dev.wagateway.http.catalog.Schemas.file;
import static dev.wagateway.http.catalog.Schemas.number;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.time;
import static dev.wagateway.http.catalog.Schemas.timeOrNull;
import static dev.wagateway.http.catalog.Schemas.uuid;

/**
 * The request and response shapes of the catalogued routes, for the OpenAPI document: what each body, query and
 * answer holds, field by field, as the routes really write them (a test compares every built route's real answers
 * with these). Unbuilt routes document only the bodies the README shows.
 */
public final class OperationSchemas {

    /** Several nodes: the other nodes that did not answer a fan-out (absent when all did; docs/scale-out.md). */
    private static final Schemas.Optional NODES_UNANSWERED = Schemas.optional(Schemas.array(Schemas.string(
            "node-2: not reached", "a node that did not answer, and why: its devices keep the asked node's view")));

    private static final Map<String, OperationShape> SHAPES = new LinkedHashMap<>();

    private static final String JID = "6281234567890@s.whatsapp.net";
    private static final String DEVICE_JID = "6281234567890:12@s.whatsapp.net";
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJkZXZpY2VfaWQiOiI1NTBlODQwMCJ9.c2lnbmF0dXJl";
    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAQAAAAEAAQAAAAB0CZXLAAAB";
    private static final String QR = "https://wa.me/settings/linked_devices#2@Xy9b3Qk1cG0s5uZ0Tz7W4g==,"
            + "nF3p1qYk0Xg7bq8Lh2VZ3mR6cT9sD4eW1aJ5uK0oP8E=,Gq7mZ2r5tB9xW3kY1vH6nC8dF4jL0sP2eA7uQ5iT9oM=,"
            + "Zx4cV7bN1mK3lJ9hG5fD2sA8qW6eR0tY4uI7oP1aS3d=,1";

    static {
        Map<String, Object> adminDevice = object("device_id", uuid(), "device_name", string("Production Bot 1"),
                "api_key_id", integer(1), "customer_name", string("Acme Corp"), "whatsmeow_jid", string(DEVICE_JID),
                "status", status(), "created_at", time(), "last_active_at", timeOrNull(),
                "node_id", string("gw-1", "the gateway node running the device; empty when no node holds it"));
        Map<String, Object> keyDevice = object("device_id", uuid(), "api_key_id", integer(1),
                "device_name", optional(string("Production Bot 1")), "whatsmeow_jid", optional(string(DEVICE_JID)),
                "status", status(), "created_at", time(), "last_active_at", optional(time()));
        Map<String, Object> keyDeviceRow = object("device_id", uuid(), "device_name", string("Production Bot 1"),
                "whatsmeow_jid", string(DEVICE_JID), "status", status(), "created_at", time(),
                "last_active_at", timeOrNull());
        Map<String, Object> webhook = object("ID", integer(7), "DeviceID", uuid(),
                "URL", string("https://your-server.com/webhook"), "Secret", secret(), "Events", events(),
                "Active", bool(true), "CreatedAt", time(), "UpdatedAt", time(),
                "id", integer(7), "device_id", uuid(), "url", string("https://your-server.com/webhook"),
                "events", events(), "active", bool(true), "created_at", time(), "updated_at", time());
        Map<String, Object> deliveryLog = object("ID", integer(42), "WebhookID", integer(7),
                "EventType", string("message.received"), "Status", delivery(), "AttemptCount", integer(1),
                "LastError", string(""), "CreatedAt", time(), "UpdatedAt", time(),
                "id", integer(42), "webhook_id", integer(7), "event_id", uuid(),
                "event_type", string("message.received"), "status", delivery(), "attempt_count", integer(1),
                "last_error", string(""), "created_at", time(), "updated_at", time());
        Map<String, Object> liveFlags = object("client_loaded", bool(true), "connected", bool(true),
                "is_connected", bool(true), "is_logged_in", bool(true),
                "error", string("", "empty when healthy, else e.g. WhatsApp Client is not Connected"));
        Map<String, Object> keyFields = object("customer_name", string("Acme Corp", "at most 255 characters"),
                "customer_email", optional(string("ops@acme.example", "at most 255 characters")),
                "customer_phone", optional(string("6281234567890", "at most 50 characters")),
                "max_devices", optional(integer(10)), "rate_limit_per_hour", optional(integer(1000)));
        Map<String, Object> keySummary = object("id", integer(1), "api_key_masked", string("wam_a1b2...9f0e"),
                "customer_name", string("Acme Corp"), "customer_email", string("ops@acme.example"),
                "customer_phone", string("6281234567890"), "max_devices", integer(10),
                "rate_limit_per_hour", integer(1000), "is_active", bool(true), "device_count", integer(2));

        // Admin (rows 1–6, 13)
        put("GET /admin/stats", ok("Statistics retrieved successfully", object("total_api_keys", integer(3),
                "active_api_keys", integer(2), "total_devices", integer(5), "connected_devices", integer(3),
                "disconnected_devices", integer(1), "pending_devices", integer(1), "logged_out_devices", integer(0),
                "total_webhooks", integer(4), "active_webhooks", integer(3))));
        put("GET /admin/health", ok("System health retrieved successfully", object("status", string("ok"),
                "database", string("ok", "ok, or error: <text>"), "whatsapp_clients", integer(3),
                "total_devices", integer(5), "memory_alloc", string("12.3 MB"), "memory_sys", string("48.0 MB"),
                "goroutines", integer(42, "live JVM threads"), "uptime", string("1h 0m 7s"),
                "uptime_seconds", integer(3607), "version", string("0.1.0"), "go_version", string("java-21.0.2"),
                "api_keys", optional(integer(3)), "active_api_keys", optional(integer(2)))));
        put("GET /admin/devices", ok("Devices retrieved successfully", object("devices", array(adminDevice),
                "summary", object("total", integer(5), "connected", integer(3), "disconnected", integer(1),
                        "pending", integer(1)))));
        put("GET /admin/devices/status", ok("Device statuses retrieved successfully", object(
                "devices", array(extend(object("device_id", uuid(), "device_name", string("Production Bot 1"),
                        "customer_name", string("Acme Corp"), "whatsmeow_jid", string(DEVICE_JID),
                        "db_status", status()), liveFlags)),
                "summary", object("total", integer(5), "online", integer(3), "offline", integer(2)),
                "nodes_unanswered", NODES_UNANSWERED)));
        put("POST /admin/devices/reconnect", ok("Reconnect operation completed", object(
                "results", array(object("device_id", uuid(), "device_name", string("Production Bot 1"),
                        "status", oneOf("reconnected", "already_connected", "skipped", "failed"),
                        "error", optional(string("Device never logged in")))),
                "summary", object("total", integer(5), "reconnected", integer(1), "failed", integer(0),
                        "skipped", integer(4)),
                "nodes_unanswered", NODES_UNANSWERED)));
        put("GET /admin/webhooks/stats", ok("Webhook statistics retrieved successfully", object(
                "total_webhooks", integer(4), "active_webhooks", integer(3), "total_deliveries", integer(120),
                "success_deliveries", integer(117), "failed_deliveries", integer(2), "pending_deliveries", integer(1),
                "success_rate", number(97.5))));
        put("DELETE /admin/devices/{device_id}", ok("Device deleted successfully", null));

        // WhatsApp Web version (api.md §6.1)
        Map<String, Object> webVersion = object("wa_web_version", object(
                        "array", array(integer(2, "primary, secondary, tertiary")),
                        "string", string("2.3000.1023456789")),
                "last_refreshed", timeOrNull(), "last_error", string("", "why the last refresh failed, else empty"));
        put("GET /admin/whatsapp/version", ok("WhatsApp Web version retrieved successfully", webVersion));
        put("GET /admin/nodes", ok("Nodes retrieved successfully", object("nodes", array(object(
                "node_id", string("gw-1"), "advertise_url", string("http://10.0.0.11:7001", "empty for a lone node"),
                "max_devices", integer(5000), "devices_held", integer(120), "started_at", time(),
                "heartbeat_at", time(), "heartbeat_age_ms", integer(1200), "self", bool(true))),
                "self", string("gw-1", "the node that answered"))));
        put("POST /admin/whatsapp/version/refresh", OperationShape.builder()
                .query("force", oneOf("true", "false"), false,
                        "true by default; false waits WHATSAPP_WAVERSION_REFRESH_MIN_INTERVAL after the last attempt")
                .envelope(200, "WhatsApp Web version refresh completed", extend(webVersion, object(
                        "refreshed", bool(true))))
                .error(500, "Failed to refresh WhatsApp Web version: <why the version page could not be read>")
                .build());

        // API keys (rows 7–12)
        put("POST /admin/api-keys", OperationShape.builder()
                .body(keyFields, Map.of("customer_name", "Acme Corp", "max_devices", 10), true)
                .envelope(201, "API key created successfully", object("id", integer(1),
                        "api_key", string("wam_a1b2c3d4e5f60718293a4b5c9f0e", "shown only here"),
                        "customer_name", string("Acme Corp"), "customer_email", string("ops@acme.example"),
                        "customer_phone", string("6281234567890"), "max_devices", integer(10),
                        "rate_limit_per_hour", integer(1000))).build());
        put("GET /admin/api-keys", ok("API keys retrieved successfully", array(keySummary)));
        put("GET /admin/api-keys/{id}", ok("API key retrieved successfully", extend(keySummary, object(
                "devices", array(keyDevice), "created_at", time(), "updated_at", time()))));
        Map<String, Object> patch = object("customer_name", optional(string("Acme Corp", "empty keeps the stored one")),
                "customer_email", optional(string("ops@acme.example")),
                "customer_phone", optional(string("6281234567890")),
                "max_devices", optional(integer(20, "0 or less keeps the stored one")),
                "rate_limit_per_hour", optional(integer(2000)), "is_active", optional(bool(false)));
        put("PATCH /admin/api-keys/{id}", OperationShape.builder().body(patch, Map.of("is_active", false), true)
                .envelope(200, "API key updated successfully", null).build());
        put("DELETE /admin/api-keys/{id}", ok("API key deleted successfully", null));
        put("GET /admin/api-keys/{id}/devices", ok("Devices retrieved successfully", array(keyDeviceRow)));

        // Devices (rows 14–22)
        Map<String, Object> deviceId = uuid();
        Map<String, Object> deviceSecret = string("1302aea3c5d8e7f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5fe99e",
                "64 hex characters, shown only here");
        Map<String, Object> token = string(TOKEN, "the bearer token");
        put("POST /devices", OperationShape.builder()
                .body(object("device_name", optional(string("Production Bot 1", "at most 255 characters"))),
                        Map.of("device_name", "Production Bot 1"), false)
                .envelope(201, "Device created successfully", object("device_id", deviceId,
                                "device_secret", deviceSecret, "device_name", string("Production Bot 1"),
                                "token", token, "message", string("Device created successfully. Save the "
                                        + "device_secret securely - it's needed to regenerate tokens. Use the token "
                                        + "in Authorization header for all API calls.")),
                        ordered("device_id", deviceId, "device_secret", deviceSecret,
                                "device_name", string("Production Bot 1"), "token", token)).build());
        put("POST /devices/token", OperationShape.builder()
                .body(object("device_id", uuid(), "device_secret", string("1302aea3…e99e")),
                        Map.of("device_id", "550e8400-e29b-41d4-a716-446655440000", "device_secret", "1302aea3…e99e"),
                        true)
                .envelope(200, "Token regenerated successfully", object("device_id", deviceId, "token", token,
                                "message", string("Token regenerated successfully. All previous tokens are now "
                                        + "invalid.")),
                        ordered("device_id", deviceId, "token", token))
                .error(429, "Too many requests (10 a minute per client address)").build());
        put("GET /devices/me", ok("Success get device details", object("device_id", uuid(),
                "device_name", string("Production Bot 1"), "whatsmeow_jid", string(DEVICE_JID), "status", status(),
                "created_at", time(), "last_active", timeOrNull())));
        put("GET /devices/me/status", ok("Device status", extend(extend(object("db_status",
                oneOf("active", "pending", "disconnected", "logged_out", "unknown")), liveFlags),
                object("send_queue", object("depth", integer(0), "capacity", integer(100), "accepted", integer(42),
                        "paced", bool(false))))));
        put("POST /devices/me/login", OperationShape.builder()
                .body(object("output", optional(oneOf("html", "json"))), Map.of("output", "json"), false)
                .query("output", oneOf("html", "json"), false, "also read from the query (html by default)")
                .envelopeOneOf(200, List.of("Success Generate QR Code", "WhatsApp Client is Reconnected"),
                        object("QRCode", string(PNG, "the QR code as a 256 px PNG data URI"),
                                "Timeout", integer(59, "seconds until this code expires"),
                                "qr", string(QR, "the raw QR text a phone scans"), "qr_code", string(PNG),
                                "timeout", integer(59)))
                .raw(200, "text/html", "output=html: a page showing the QR image that follows the rotating codes",
                        Map.of("type", "string"))
                .build());
        put("POST /devices/me/login-code", OperationShape.builder()
                .body(object("phone", string("6281234567890", "international format, no leading 0")),
                        Map.of("phone", "6281234567890"), true)
                .envelope(200, "Success Generate Pairing Code", object(
                        "PairCode", string("ABCD-EFGH", "type it on the phone; WhatsApp Client is Reconnected "
                                + "when already paired"), "Timeout", integer(160),
                        "pair_code", string("ABCD-EFGH"), "timeout", integer(160))).build());
        put("POST /devices/me/reconnect", ok("Success reconnect device", null));
        put("DELETE /devices/me/session", ok("Success logout device", null));
        put("GET /devices/me/contacts/{phone}/registered", ok("Success check registered phone", object(
                "IsRegistered", bool(true), "JID", string(JID, "empty when not registered"),
                "is_registered", bool(true), "jid", string(JID))));
        put("GET /devices/me/login/qr", OperationShape.builder()
                .query("ticket", string("9f86d081884c7d659a2feaa0c55ad015", "the login page's ticket"), true,
                        "issued with the login page; valid for the pairing window")
                .envelope(200, "Success", object("connected", bool(false),
                        "qr_code", optional(string(PNG, "the current code, while one is shown")),
                        "timeout", optional(integer(19)))).build());

        // Chats (rows 32–37)
        put("POST /chats/{chat_jid}/messages", OperationShape.builder()
                .body(object("text", string("Hello from WhatsApp API!", "at most 65,536 characters"),
                                "typing_simulation", optional(bool(true)), "presence_simulation", optional(bool(true))),
                        Map.of("text", "Hello from WhatsApp API!"), true)
                .envelope(200, "Success send message", object("message_id", string("3EB05BFCBA03CA27DF7B74"),
                        "chat", string(JID), "timestamp", integer(1795560802, "unix seconds"),
                        "skipped_devices", MediaSchemas.SKIPPED_DEVICES)).build());
        Map<String, Object> storedMessage = object("message_id", string("3EB05BFCBA03CA27DF7B74"),
                "from", string(JID), "chat", string(JID), "timestamp", integer(1795560802),
                "is_from_me", bool(false), "type", string("text"), "text", string("Hi back"),
                "caption", optional(string("Check this out!")),
                "media", optional(object("mimetype", string("image/jpeg"), "file_length", integer(48213),
                        "file_name", optional(string("photo.jpg")))),
                "quoted_message_id", optional(string("3EB0A1B2C3D4E5F6")),
                "push_name", optional(string("A customer")),
                "from_history", optional(bool(true)),
                "status", oneOf("received", "sent", "delivered", "read", "played"));
        put("GET /chats/{chat_jid}/messages", OperationShape.builder()
                .query("limit", integer(50), false, "1 to 500, default 50")
                .query("before", string("3EB05BFCBA03CA27DF7B74"), false, "only messages older than this message id")
                .query("after", string("3EB0A1B2C3D4E5F6"), false, "only messages newer than this message id")
                .envelope(200, "Success get chat messages", object("chat_jid", string(JID), "limit", integer(50),
                        "before", string(""), "after", string(""), "messages", array(storedMessage))).build());
        Map<String, Object> media = object("file", file("the file"), "caption", optional(string("Check this out!")),
                "typing_simulation", optional(bool(true)), "presence_simulation", optional(bool(true)));
        put("POST /chats/{chat_jid}/images", MediaSchemas.fileShape(extend(media,
                object("view_once", optional(bool(false)))), Map.of("caption", "Check this out!"),
                "Success send image"));
        put("POST /chats/{chat_jid}/documents", MediaSchemas.fileShape(extend(media,
                object("filename", optional(string("report.pdf", "default: the uploaded file's name")))),
                Map.of("filename", "report.pdf"), "Success send document"));

        // Messages (row 38)
        put("POST /messages/{message_id}/read", OperationShape.builder()
                .body(object("chat_jid", string(JID), "sender_jid", string(JID, "the author of the message")),
                        Map.of("chat_jid", JID, "sender_jid", JID), false)
                .envelope(200, "Success mark message as read", null).build());

        // Users (rows 23–31)
        Map<String, Object> privacy = object("GroupAdd", string("all"), "LastSeen", string("contacts"),
                "Status", string("all"), "Profile", string("all"), "ReadReceipts", string("all"),
                "CallAdd", string("all"), "Online", string("all"), "Messages", string("all"),
                "Defense", string("on_standard"), "Stickers", string("contacts"));
        put("GET /users/{user_jid}", ok("Success get user info", object("VerifiedName", string(""),
                "Status", string("Hey there! I am using WhatsApp."), "PictureID", string("1712345678"),
                "Devices", array(string(JID)), "verified_name", string(""),
                "status", string("Hey there! I am using WhatsApp."), "picture_id", string("1712345678"),
                "devices", array(string(JID)))));
        put("GET /users/{user_jid}/profile-picture", ok("Success get user picture", object(
                "URL", string("https://mmg.whatsapp.net/v/t61.24694-24/1.jpg"), "ID", string("1712345678"),
                "Type", string("image"), "DirectURL", string("/v/t61.24694-24/1.jpg", "the CDN direct path"))));
        put("POST /users/{user_jid}/block", ok("Success block user", null));
        put("DELETE /users/{user_jid}/block", ok("Success unblock user", null));
        put("GET /users/me/privacy", ok("Success get privacy settings", privacy));
        put("PATCH /users/me/privacy", OperationShape.builder()
                .body(object("setting", oneOf("group_add", "last_seen", "status", "profile", "read_receipts",
                                "online", "call_add", "messages"),
                        "value", string("contacts", "all, contacts, contact_blacklist, none, matched; true/false "
                                + "for read_receipts")), Map.of("setting", "last_seen", "value", "contacts"), true)
                .envelope(200, "Success update privacy settings", privacy).build());
        put("GET /users/me/status-privacy", ok("Success get status privacy", array(object(
                "Type", string("contacts"), "List", array(string(JID)), "IsDefault", bool(true)))));
        put("POST /users/me/status", OperationShape.builder()
                .body(object("status", string("At work", "at most 139 characters; empty clears it")),
                        Map.of("status", "At work"), true)
                .envelope(200, "Success update status", null).build());
        put("GET /users/{jid}/devices", ok("Success get user devices", array(string(DEVICE_JID))));

        // Message actions (rows 39–42)
        Map<String, Object> actionId = object("message_id", string("3EB0C767D0D1A2B3C4D5",
                "the id of the message that carries the action"));
        put("POST /messages/{message_id}/reaction", OperationShape.builder()
                .body(object("chat_jid", string(JID), "emoji", optional(string("👍", "one emoji; empty removes it")),
                                "sender_jid", optional(string(JID, "the author; default: the stored message's"))),
                        Map.of("chat_jid", JID, "emoji", "👍"), true)
                .envelope(200, "Success react to message", actionId).build());
        put("PATCH /messages/{message_id}", OperationShape.builder()
                .body(object("chat_jid", string(JID), "text", string("Hello, corrected",
                                "the new text; own text messages, within 20 minutes")),
                        Map.of("chat_jid", JID, "text", "Hello, corrected"), true)
                .envelope(200, "Success edit message", actionId).build());
        put("DELETE /messages/{message_id}", OperationShape.builder()
                .body(object("chat_jid", string(JID), "sender_jid", optional(string(JID,
                                "the author; default: this device (a group admin may name a member)"))),
                        Map.of("chat_jid", JID), false)
                .envelope(200, "Success delete message", null).build());
        put("POST /messages/{message_id}/reply", OperationShape.builder()
                .body(object("chat_jid", string(JID), "text", string("It ships today"),
                                "typing_simulation", optional(bool(true)), "presence_simulation", optional(bool(true))),
                        Map.of("chat_jid", JID, "text", "It ships today"), true)
                .envelope(200, "Success reply to message", object("message_id",
                        string("3EB0C767D0D1A2B3C4D5"))).build());

        // Groups (row 49: the README's other upload)
        put("POST /groups/{group_jid}/photo", OperationShape.builder()
                .body(object("photo", file("a JPEG")), Map.of(), true).multipartOnly().build());

        // Groups (rows 43–66)
        GroupSchemas.register(OperationSchemas::put);

        // Presence and disappearing messages (rows 67–69)
        PresenceSchemas.register(OperationSchemas::put);

        // Chat settings and app state (rows 36, 37, 70–72)
        ChatSchemas.register(OperationSchemas::put);

        // Webhooks (rows 73–79)
        Map<String, Object> hookFields = object("url", string("https://your-server.com/webhook",
                "at most 2,048 characters"), "events", optional(events()));
        put("GET /webhooks", ok("success", object("webhooks", array(webhook))));
        put("POST /webhooks", OperationShape.builder()
                .body(hookFields, Map.of("url", "https://your-server.com/webhook",
                        "events", List.of("message.received", "connection.connected")), true)
                .envelope(200, "webhook created", object("webhook_id", integer(7), "secret", secret())).build());
        put("GET /webhooks/{webhook_id}", ok("success", object("webhook", webhook)));
        put("PATCH /webhooks/{webhook_id}", OperationShape.builder()
                .body(extend(hookFields, object("active", optional(bool(true)))),
                        Map.of("url", "https://your-server.com/webhook", "active", true), true)
                .envelope(200, "webhook updated", null).build());
        put("DELETE /webhooks/{webhook_id}", ok("webhook deleted", null));
        put("GET /webhooks/{webhook_id}/logs", ok("success", object("logs", array(deliveryLog))));
        put("POST /webhooks/{webhook_id}/test", ok("test webhook dispatched", null));
        put("POST /webhooks/{webhook_id}/logs/{delivery_id}/redeliver", ok("delivery queued for redelivery", null));

        // System (rows 80–83 and the favicon)
        put("GET /", ok("Working great!", null));
        put("GET /docs", OperationShape.builder().raw(200, "text/html", "Swagger UI", Map.of("type", "string"))
                .build());
        put("GET /docs/{file}", OperationShape.builder()
                .raw(200, "text/html", "index.html: Swagger UI", Map.of("type", "string"))
                .raw(200, "text/css", "a Swagger UI stylesheet", Map.of("type", "string"))
                .raw(200, "text/javascript", "a Swagger UI script", Map.of("type", "string"))
                .error(404, "no such file").build());
        put("GET /docs/swagger.json", OperationShape.builder()
                .raw(200, "application/json", "this document", Map.of("type", "object")).build());
        put("GET /docs/swagger.yaml", OperationShape.builder()
                .raw(200, "application/yaml", "this document in YAML", Map.of("type", "string")).build());
        put("GET /favicon.ico", OperationShape.builder().raw(204, "", "no icon", null).build());
    }

    private OperationSchemas() {
    }

    /** The shape of {@code "METHOD path"}, when documented. */
    public static Optional<OperationShape> of(String operation) {
        return Optional.ofNullable(SHAPES.get(operation));
    }

    private static void put(String operation, OperationShape shape) {
        SHAPES.put(operation, shape);
    }

    /** No body; the envelope with {@code data} (null for none). */
    private static OperationShape ok(String message, Map<String, Object> data) {
        return OperationShape.builder().envelope(200, message, data).build();
    }

    private static Map<String, Map<String, Object>> ordered(Object... pairs) {
        Map<String, Map<String, Object>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) pairs[i + 1];
            map.put((String) pairs[i], schema);
        }
        return map;
    }

    private static Map<String, Object> string(String example) {
        return Schemas.string(example);
    }

    private static Map<String, Object> string(String example, String description) {
        return Schemas.string(example, description);
    }

    private static Map<String, Object> integer(long example) {
        return Schemas.integer(example);
    }

    private static Map<String, Object> integer(long example, String description) {
        Map<String, Object> schema = new LinkedHashMap<>(Schemas.integer(example));
        schema.put("description", description);
        return schema;
    }

    private static Map<String, Object> status() {
        return oneOf("active", "pending", "disconnected", "logged_out");
    }

    private static Map<String, Object> delivery() {
        return oneOf("success", "pending", "failed");
    }

    private static Map<String, Object> secret() {
        return Schemas.string("9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                "64 hex characters; signs every delivery");
    }

    private static Map<String, Object> events() {
        Map<String, Object> schema = new LinkedHashMap<>(array(string("message.received")));
        schema.put("description", "empty = every event");
        return schema;
    }
}
