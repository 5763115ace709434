package dev.wagateway.http.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request and response shapes of the built routes, for the OpenAPI document: body fields (required ones
 * marked), the success status and message, and the schema of {@code data}, with an example. Routes absent here
 * document the generic envelope.
 */
public final class OperationSchemas {

    /** What one operation takes and answers. */
    public record Shape(Optional<Map<String, Object>> requestBody, int status, String message,
                        Optional<Map<String, Object>> data) {
    }

    private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

    static {
        Map<String, Object> device = object(Map.of("device_id", uuid(), "device_name", string(),
                "whatsmeow_jid", string(), "status", statusEnum(), "created_at", time(), "last_active_at", time()));
        Map<String, Object> webhook = object(ordered("ID", integer(), "DeviceID", uuid(), "URL", string(),
                "Secret", string(), "Events", array(string()), "Active", bool(), "CreatedAt", time(),
                "UpdatedAt", time()));
        Map<String, Object> log = object(ordered("ID", integer(), "WebhookID", integer(), "EventType", string(),
                "Status", Map.of("type", "string", "enum", List.of("pending", "success", "failed")),
                "AttemptCount", integer(), "LastError", string(), "CreatedAt", time(), "UpdatedAt", time()));
        Map<String, Object> liveFlags = ordered("client_loaded", bool(), "connected", bool(), "is_connected", bool(),
                "is_logged_in", bool(), "error", string());

        put("GET /admin/stats", null, 200, "Statistics retrieved successfully", object(ordered(
                "total_api_keys", integer(), "active_api_keys", integer(), "total_devices", integer(),
                "connected_devices", integer(), "disconnected_devices", integer(), "pending_devices", integer(),
                "logged_out_devices", integer(), "total_webhooks", integer(), "active_webhooks", integer())));
        put("GET /admin/health", null, 200, "System health retrieved successfully", object(ordered(
                "status", string(), "database", string(), "whatsapp_clients", integer(), "total_devices", integer(),
                "memory_alloc", string(), "memory_sys", string(), "goroutines", integer(), "uptime", string(),
                "uptime_seconds", integer(), "version", string(), "go_version", string())));
        put("GET /admin/devices", null, 200, "Devices retrieved successfully", object(Map.of(
                "devices", array(device), "summary", object(ordered("total", integer(), "connected", integer(),
                        "disconnected", integer(), "pending", integer())))));
        Map<String, Object> liveRow = new LinkedHashMap<>(ordered("device_id", uuid(), "device_name", string(),
                "customer_name", string(), "whatsmeow_jid", string(), "db_status", statusEnum()));
        liveRow.putAll(liveFlags);
        put("GET /admin/devices/status", null, 200, "Device statuses retrieved successfully", object(Map.of(
                "devices", array(object(liveRow)), "summary", object(ordered("total", integer(), "online", integer(),
                        "offline", integer())))));
        put("POST /admin/devices/reconnect", null, 200, "Reconnect operation completed", object(Map.of(
                "results", array(object(ordered("device_id", uuid(), "device_name", string(), "status",
                        Map.of("type", "string", "enum", List.of("reconnected", "already_connected", "skipped",
                                "failed")), "error", string()))),
                "summary", object(ordered("total", integer(), "reconnected", integer(), "failed", integer(),
                        "skipped", integer())))));
        put("GET /admin/webhooks/stats", null, 200, "Webhook statistics retrieved successfully", object(ordered(
                "total_webhooks", integer(), "active_webhooks", integer(), "total_deliveries", integer(),
                "success_deliveries", integer(), "failed_deliveries", integer(), "pending_deliveries", integer(),
                "success_rate", Map.of("type", "number"))));
        Map<String, Object> keyFields = ordered("customer_name", string(), "customer_email", string(),
                "customer_phone", string(), "max_devices", integer(), "rate_limit_per_hour", integer());
        put("POST /admin/api-keys", request(keyFields, List.of("customer_name"),
                        Map.of("customer_name", "Acme Corp", "max_devices", 10)), 201, "API key created successfully",
                object(ordered("id", integer(), "api_key", Map.of("type", "string", "pattern", "^wam_[0-9a-f]{28}$",
                        "description", "shown only here"), "customer_name", string(), "customer_email", string(),
                        "customer_phone", string(), "max_devices", integer(), "rate_limit_per_hour", integer())));
        Map<String, Object> keySummary = object(ordered("id", integer(), "api_key_masked", string(),
                "customer_name", string(), "customer_email", string(), "customer_phone", string(),
                "max_devices", integer(), "rate_limit_per_hour", integer(), "is_active", bool(),
                "device_count", integer()));
        put("GET /admin/api-keys", null, 200, "API keys retrieved successfully", array(keySummary));
        put("GET /admin/api-keys/{id}", null, 200, "API key retrieved successfully", keySummary);
        Map<String, Object> patch = new LinkedHashMap<>(keyFields);
        patch.put("is_active", bool());
        put("PATCH /admin/api-keys/{id}", request(patch, List.of(), Map.of("is_active", false)), 200,
                "API key updated successfully", null);
        put("DELETE /admin/api-keys/{id}", null, 200, "API key deleted successfully", null);
        put("GET /admin/api-keys/{id}/devices", null, 200, "Devices retrieved successfully", array(device));
        put("DELETE /admin/devices/{device_id}", null, 200, "Device deleted successfully", null);
        put("POST /devices", request(Map.of("device_name", string()), List.of(),
                        Map.of("device_name", "Production Bot 1")), 201, "Device created successfully",
                object(ordered("device_id", uuid(), "device_secret", Map.of("type", "string",
                                "pattern", "^[0-9a-f]{64}$", "description", "shown only here"),
                        "device_name", string(), "token", string(), "message", string())));
        put("POST /devices/token", request(ordered("device_id", uuid(), "device_secret", string()),
                        List.of("device_id", "device_secret"), Map.of("device_id",
                                "550e8400-e29b-41d4-a716-446655440000", "device_secret", "a1b2…")), 200,
                "Token regenerated successfully", object(ordered("device_id", uuid(), "token", string(),
                        "message", string())));
        put("GET /devices/me", null, 200, "Success get device details", object(ordered("device_id", uuid(),
                "device_name", string(), "whatsmeow_jid", string(), "status", statusEnum(), "created_at", time(),
                "last_active", time())));
        Map<String, Object> status = new LinkedHashMap<>(Map.of("db_status", string()));
        status.putAll(liveFlags);
        put("GET /devices/me/status", null, 200, "Device status", object(status));
        put("POST /devices/me/login", request(Map.of("output", Map.of("type", "string",
                        "enum", List.of("html", "json"))), List.of(), Map.of("output", "json")), 200,
                "Success Generate QR Code", object(ordered("QRCode", Map.of("type", "string",
                                "description", "data:image/png;base64,… (256 px)"), "Timeout", integer(),
                        "qr", Map.of("type", "string", "description", "the raw QR text"),
                        "qr_code", string(), "timeout", integer())));
        put("POST /devices/me/login-code", request(Map.of("phone", string()), List.of("phone"),
                        Map.of("phone", "6281234567890")), 200, "Success Generate Pairing Code",
                object(ordered("PairCode", string(), "Timeout", integer(), "pair_code", string(),
                        "timeout", integer())));
        put("POST /devices/me/reconnect", null, 200, "Success reconnect device", null);
        put("DELETE /devices/me/session", null, 200, "Success logout device", null);
        put("GET /devices/me/contacts/{phone}/registered", null, 200, "Success check registered phone",
                object(ordered("IsRegistered", bool(), "JID", string(), "is_registered", bool(), "jid", string())));
        put("POST /chats/{chat_jid}/messages", request(ordered("text", string(), "typing_simulation", bool(),
                        "presence_simulation", bool()), List.of("text"), Map.of("text", "Hello from WhatsApp API!")),
                200, "Success send message", object(ordered("message_id", string(), "chat", string(),
                        "timestamp", integer())));
        put("GET /chats/{chat_jid}/messages", null, 200, "Success get chat messages", object(ordered(
                "chat_jid", string(), "limit", integer(), "before", string(), "after", string(),
                "messages", array(object(ordered("message_id", string(), "from", string(), "chat", string(),
                        "timestamp", integer(), "is_from_me", bool(), "type", string(), "text", string(),
                        "caption", string(), "quoted_message_id", string(), "status", string()))))));
        put("POST /messages/{message_id}/read", request(ordered("chat_jid", string(), "sender_jid", string()),
                        List.of("chat_jid", "sender_jid"), Map.of("chat_jid", "6281234567890@s.whatsapp.net",
                                "sender_jid", "6281234567890@s.whatsapp.net")), 200, "Success mark message as read",
                null);
        Map<String, Object> hookFields = ordered("url", string(), "events", array(string()));
        put("GET /webhooks", null, 200, "success", object(Map.of("webhooks", array(webhook))));
        put("POST /webhooks", request(hookFields, List.of("url"), Map.of("url", "https://your-server.com/webhook",
                        "events", List.of("message.received", "connection.connected"))), 200, "webhook created",
                object(ordered("webhook_id", integer(), "secret", string())));
        put("GET /webhooks/{webhook_id}", null, 200, "success", object(Map.of("webhook", webhook)));
        Map<String, Object> replace = new LinkedHashMap<>(hookFields);
        replace.put("active", bool());
        put("PATCH /webhooks/{webhook_id}", request(replace, List.of("url"), Map.of("url",
                "https://your-server.com/webhook", "active", true)), 200, "webhook updated", null);
        put("DELETE /webhooks/{webhook_id}", null, 200, "webhook deleted", null);
        put("GET /webhooks/{webhook_id}/logs", null, 200, "success", object(Map.of("logs", array(log))));
        put("POST /webhooks/{webhook_id}/test", null, 200, "test webhook dispatched", null);
        put("POST /webhooks/{webhook_id}/logs/{delivery_id}/redeliver", null, 200, "delivery queued for redelivery",
                null);
    }

    private OperationSchemas() {
    }

    /** The shape of {@code "METHOD path"}, when documented. */
    public static Optional<Shape> of(String operation) {
        return Optional.ofNullable(SHAPES.get(operation));
    }

    private static void put(String operation, Map<String, Object> request, int status, String message,
                            Map<String, Object> data) {
        SHAPES.put(operation, new Shape(Optional.ofNullable(request), status, message, Optional.ofNullable(data)));
    }

    private static Map<String, Object> request(Map<String, Object> properties, List<String> required,
                                               Map<String, Object> example) {
        Map<String, Object> schema = object(properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("example", example);
        return schema;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> array(Map<String, Object> items) {
        return ordered("type", "array", "items", items);
    }

    private static Map<String, Object> string() {
        return Map.of("type", "string");
    }

    private static Map<String, Object> integer() {
        return Map.of("type", "integer");
    }

    private static Map<String, Object> bool() {
        return Map.of("type", "boolean");
    }

    private static Map<String, Object> uuid() {
        return Map.of("type", "string", "format", "uuid");
    }

    private static Map<String, Object> time() {
        return Map.of("type", List.of("string", "null"), "format", "date-time");
    }

    private static Map<String, Object> statusEnum() {
        return Map.of("type", "string", "enum", List.of("pending", "active", "disconnected", "logged_out"));
    }
}
