package dev.wagateway.http.catalog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.wagateway.http.catalog.AuthScheme.ADMIN;
import static dev.wagateway.http.catalog.AuthScheme.API_KEY;
import static dev.wagateway.http.catalog.AuthScheme.JWT;
import static dev.wagateway.http.catalog.AuthScheme.NONE;

/**
 * Every route of the README's endpoint table (rows 1–83), and the gateway's few routes beyond it. Route classes
 * register through {@link dev.wagateway.http.RouteRegistry}, which takes each route's auth, summary and row from
 * here; the OpenAPI document is generated from what was registered.
 */
public final class ApiCatalog {

    private static final String ADMIN_CORE = "the gateway core (API keys, devices, statistics)";
    private static final String SESSIONS = "the session manager (live WhatsApp sessions per device)";
    private static final String MESSAGING = "messaging through the session manager";
    private static final String GROUPS = "group management through the session manager";
    private static final String WEBHOOKS = "webhook storage and delivery";

    private static final List<RouteSpec> ROUTES = List.of(
            r(1, "GET", "/admin/stats", ADMIN, "Admin", "Get system statistics", ADMIN_CORE),
            r(2, "GET", "/admin/health", ADMIN, "Admin", "Get system health info", ADMIN_CORE),
            r(3, "GET", "/admin/devices", ADMIN, "Admin", "List all devices (all API keys)", ADMIN_CORE),
            r(4, "GET", "/admin/devices/status", ADMIN, "Admin", "Get live connection status for all devices", SESSIONS),
            r(5, "POST", "/admin/devices/reconnect", ADMIN, "Admin", "Reconnect all disconnected devices", SESSIONS),
            r(6, "GET", "/admin/webhooks/stats", ADMIN, "Admin", "Get webhook delivery statistics", WEBHOOKS),
            r(7, "POST", "/admin/api-keys", ADMIN, "API keys", "Create API key", ADMIN_CORE),
            r(8, "GET", "/admin/api-keys", ADMIN, "API keys", "List all API keys", ADMIN_CORE),
            r(9, "GET", "/admin/api-keys/{id}", ADMIN, "API keys", "Get API key details", ADMIN_CORE),
            r(10, "PATCH", "/admin/api-keys/{id}", ADMIN, "API keys", "Update API key", ADMIN_CORE),
            r(11, "DELETE", "/admin/api-keys/{id}", ADMIN, "API keys", "Delete API key", ADMIN_CORE),
            r(12, "GET", "/admin/api-keys/{id}/devices", ADMIN, "API keys", "List devices for API key", ADMIN_CORE),
            r(13, "DELETE", "/admin/devices/{device_id}", ADMIN, "Admin", "Delete a device", ADMIN_CORE),
            r(14, "POST", "/devices", API_KEY, "Devices", "Create device (returns JWT token)", ADMIN_CORE),
            r(15, "POST", "/devices/token", NONE, "Devices", "Regenerate JWT token", ADMIN_CORE),
            r(16, "GET", "/devices/me", JWT, "Devices", "Get current device info", ADMIN_CORE),
            r(17, "GET", "/devices/me/status", JWT, "Devices", "Get connection status", SESSIONS),
            r(18, "POST", "/devices/me/login", JWT, "Devices", "Login via QR code", SESSIONS),
            r(19, "POST", "/devices/me/login-code", JWT, "Devices", "Login with pairing code", SESSIONS),
            r(20, "POST", "/devices/me/reconnect", JWT, "Devices", "Reconnect device", SESSIONS),
            r(21, "DELETE", "/devices/me/session", JWT, "Devices", "Logout device", SESSIONS),
            r(22, "GET", "/devices/me/contacts/{phone}/registered", JWT, "Devices", "Check if phone is registered", SESSIONS),
            r(23, "GET", "/users/{user_jid}", JWT, "Users", "Get user info", "user queries (usync) through the session manager"),
            r(24, "GET", "/users/{user_jid}/profile-picture", JWT, "Users", "Get user profile picture", "profile pictures"),
            r(25, "POST", "/users/{user_jid}/block", JWT, "Users", "Block user", "the block list"),
            r(26, "DELETE", "/users/{user_jid}/block", JWT, "Users", "Unblock user", "the block list"),
            r(27, "GET", "/users/me/privacy", JWT, "Users", "Get privacy settings", "privacy settings"),
            r(28, "PATCH", "/users/me/privacy", JWT, "Users", "Update privacy settings", "privacy settings"),
            r(29, "GET", "/users/me/status-privacy", JWT, "Users", "Get status privacy", "privacy settings"),
            r(30, "POST", "/users/me/status", JWT, "Users", "Update status/about", "profile updates"),
            r(31, "GET", "/users/{jid}/devices", JWT, "Users", "Get user's linked devices", "user queries (usync) through the session manager"),
            r(32, "POST", "/chats/{chat_jid}/messages", JWT, "Chats", "Send text message", MESSAGING),
            r(33, "GET", "/chats/{chat_jid}/messages", JWT, "Chats", "Get chat messages", "stored messages"),
            r(34, "POST", "/chats/{chat_jid}/images", JWT, "Chats", "Send image", "media sending"),
            r(35, "POST", "/chats/{chat_jid}/documents", JWT, "Chats", "Send document", "media sending"),
            r(36, "POST", "/chats/{chat_jid}/archive", JWT, "Chats", "Archive/unarchive chat", "app-state patches"),
            r(37, "POST", "/chats/{chat_jid}/pin", JWT, "Chats", "Pin/unpin chat", "app-state patches"),
            r(38, "POST", "/messages/{message_id}/read", JWT, "Messages", "Mark message as read", "read receipts"),
            r(39, "POST", "/messages/{message_id}/reaction", JWT, "Messages", "React to message", "reactions"),
            r(40, "PATCH", "/messages/{message_id}", JWT, "Messages", "Edit message", "message edits"),
            r(41, "DELETE", "/messages/{message_id}", JWT, "Messages", "Delete message", "message revokes"),
            r(42, "POST", "/messages/{message_id}/reply", JWT, "Messages", "Reply to message", "quoted replies"),
            r(43, "GET", "/groups", JWT, "Groups", "List all groups with members", GROUPS),
            r(44, "POST", "/groups", JWT, "Groups", "Create group", GROUPS),
            r(45, "GET", "/groups/{group_jid}", JWT, "Groups", "Get group info", GROUPS),
            r(46, "POST", "/groups/{group_jid}/leave", JWT, "Groups", "Leave group", GROUPS),
            r(47, "PATCH", "/groups/{group_jid}/name", JWT, "Groups", "Update group name", GROUPS),
            r(48, "PATCH", "/groups/{group_jid}/description", JWT, "Groups", "Update group description", GROUPS),
            r(49, "POST", "/groups/{group_jid}/photo", JWT, "Groups", "Update group photo", "profile pictures"),
            r(50, "GET", "/groups/{group_jid}/invite-link", JWT, "Groups", "Get invite link", GROUPS),
            r(51, "PATCH", "/groups/{group_jid}/settings", JWT, "Groups", "Update group settings", GROUPS),
            r(52, "GET", "/groups/{group_jid}/participant-requests", JWT, "Groups", "Get join requests", GROUPS),
            r(53, "POST", "/groups/{group_jid}/join-approval", JWT, "Groups", "Set join approval mode", GROUPS),
            r(54, "GET", "/groups/invite/{invite_code}", JWT, "Groups", "Preview group from invite", GROUPS),
            r(55, "POST", "/groups/{group_jid}/join-invite", JWT, "Groups", "Join group via invite", GROUPS),
            r(56, "PATCH", "/groups/{group_jid}/member-add-mode", JWT, "Groups", "Set member add mode", GROUPS),
            r(57, "PATCH", "/groups/{group_jid}/topic", JWT, "Groups", "Update group topic", GROUPS),
            r(58, "POST", "/groups/{parent_group_jid}/link/{group_jid}", JWT, "Groups", "Link subgroup", "communities"),
            r(59, "GET", "/groups/{community_jid}/linked-participants", JWT, "Groups", "Get community members", "communities"),
            r(60, "GET", "/groups/{community_jid}/subgroups", JWT, "Groups", "List community subgroups", "communities"),
            r(61, "POST", "/groups/{group_jid}/participants", JWT, "Groups", "Add participants", GROUPS),
            r(62, "DELETE", "/groups/{group_jid}/participants", JWT, "Groups", "Remove participants", GROUPS),
            r(63, "POST", "/groups/{group_jid}/requests/approve", JWT, "Groups", "Approve join requests", GROUPS),
            r(64, "POST", "/groups/{group_jid}/requests/reject", JWT, "Groups", "Reject join requests", GROUPS),
            r(65, "POST", "/groups/{group_jid}/admins", JWT, "Groups", "Promote to admin", GROUPS),
            r(66, "DELETE", "/groups/{group_jid}/admins", JWT, "Groups", "Demote from admin", GROUPS),
            r(67, "POST", "/chats/{chat_jid}/presence", JWT, "Presence", "Send typing/recording indicator", "presence"),
            r(68, "POST", "/presence/status", JWT, "Presence", "Update availability status", "presence"),
            r(69, "PATCH", "/chats/{chat_jid}/disappearing-timer", JWT, "Presence", "Set disappearing messages timer", "disappearing messages"),
            r(70, "GET", "/app-state/{name}", JWT, "App state", "Fetch app state", "app-state sync in the session manager"),
            r(71, "POST", "/app-state", JWT, "App state", "Send app state patch", "app-state sync in the session manager"),
            r(72, "POST", "/app-state/mark-clean", JWT, "App state", "Mark app state as clean", "app-state sync in the session manager"),
            r(73, "GET", "/webhooks", JWT, "Webhooks", "List webhooks", WEBHOOKS),
            r(74, "POST", "/webhooks", JWT, "Webhooks", "Create webhook", WEBHOOKS),
            r(75, "GET", "/webhooks/{webhook_id}", JWT, "Webhooks", "Get webhook details", WEBHOOKS),
            r(76, "PATCH", "/webhooks/{webhook_id}", JWT, "Webhooks", "Update webhook", WEBHOOKS),
            r(77, "DELETE", "/webhooks/{webhook_id}", JWT, "Webhooks", "Delete webhook", WEBHOOKS),
            r(78, "GET", "/webhooks/{webhook_id}/logs", JWT, "Webhooks", "Get webhook logs", WEBHOOKS),
            r(79, "POST", "/webhooks/{webhook_id}/test", JWT, "Webhooks", "Test webhook", WEBHOOKS),
            r(80, "GET", "/", NONE, "System", "Server status", ""),
            r(81, "GET", "/docs/{file}", NONE, "System", "Swagger UI (index.html) and its assets", ""),
            r(82, "GET", "/docs/swagger.json", NONE, "System", "OpenAPI document (JSON)", ""),
            r(83, "GET", "/docs/swagger.yaml", NONE, "System", "OpenAPI document (YAML)", ""));

    /** Routes beyond the README table. */
    private static final List<RouteSpec> EXTRAS = List.of(
            r(0, "GET", "/docs", NONE, "System", "Swagger UI", ""),
            r(0, "GET", "/favicon.ico", NONE, "System", "Favicon (empty; outside HTTP_BASE_URL)", ""),
            r(0, "GET", "/devices/me/login/qr", NONE, "Devices",
                    "Current login QR code of the login page (authorised by its ticket)", ""),
            r(0, "POST", "/webhooks/{webhook_id}/logs/{delivery_id}/redeliver", JWT, "Webhooks",
                    "Redeliver a failed delivery", ""),
            r(0, "GET", "/admin/whatsapp/version", ADMIN, "Admin",
                    "WhatsApp Web version used for new connections (api.md §6.1)", ""),
            r(0, "POST", "/admin/whatsapp/version/refresh", ADMIN, "Admin",
                    "Refresh the WhatsApp Web version now (api.md §6.1)", ""),
            r(0, "GET", "/admin/nodes", ADMIN, "Admin",
                    "Gateway nodes sharing the database, their heartbeats and devices (docs/scale-out.md)", ""));

    private ApiCatalog() {
    }

    /** Rows 1–83, in the README's order. */
    public static List<RouteSpec> routes() {
        return ROUTES;
    }

    /** The gateway's routes beyond the README table. */
    public static List<RouteSpec> extras() {
        return EXTRAS;
    }

    /** The README row or extra route {@code method path}. */
    public static Optional<RouteSpec> find(String method, String path) {
        return Stream.concat(ROUTES.stream(), EXTRAS.stream())
                .filter(route -> route.method().equals(method) && route.path().equals(path)).findFirst();
    }

    private static RouteSpec r(int row, String method, String path, AuthScheme auth, String tag, String summary,
                               String capability) {
        return new RouteSpec(row, method, path, auth, tag, summary, capability);
    }
}
