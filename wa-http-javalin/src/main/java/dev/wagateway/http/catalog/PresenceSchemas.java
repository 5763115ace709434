package dev.wagateway.http.catalog;

import java.util.Map;
import java.util.function.BiConsumer;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * The documented shapes of the presence rows (67–69) and of the presence and profile routes beyond the catalog
 * (api.md §6.2 blocklist and push name, §6.7 presence subscribe; the business profile and the profile photo, not
 * built yet).
 */
public final class PresenceSchemas {

    private static final String JID = "6281234567890@s.whatsapp.net";

    private PresenceSchemas() {
    }

    static void register(BiConsumer<String, OperationShape> put) {
        put.accept("POST /chats/{chat_jid}/presence", OperationShape.builder()
                .body(object("state", optional(oneOf("composing", "paused")),
                                "media", optional(string("", "audio for the recording indicator, empty for text")),
                                "presence_type", optional(oneOf("typing", "recording", "paused")),
                                "media_type", optional(string("", "the Swagger name of media"))),
                        Map.of("state", "composing", "media", ""), true)
                .envelope(200, "Success send presence", null).build());
        put.accept("POST /presence/status", OperationShape.builder()
                .body(object("status", oneOf("available", "unavailable")), Map.of("status", "available"), true)
                .envelope(200, "Success update presence status", null).build());
        put.accept("PATCH /chats/{chat_jid}/disappearing-timer", OperationShape.builder()
                .body(object("timer", oneOf("off", "24h", "7d", "90d")), Map.of("timer", "24h"), true)
                .envelope(200, "Success set disappearing timer", null)
                .error(400, "Invalid timer value, or a chat that is not a full JID").build());
    }

    /** The shape of one of the routes beyond the catalog ({@code "POST /presence/subscribe"}...). */
    public static OperationShape shape(String operation) {
        return switch (operation) {
            case "POST /presence/subscribe" -> OperationShape.builder()
                    .body(object("jid", string(JID, "a full user JID")), Map.of("jid", JID), true)
                    .envelope(200, "Successfully subscribed to presence updates", null)
                    .error(400, "jid is required, or not a user JID").build();
            case "GET /users/me/blocklist" -> OperationShape.builder()
                    .envelope(200, "Success get blocklist", object("blocked", array(string(JID)))).build();
            case "POST /users/me/name" -> OperationShape.builder()
                    .body(object("name", string("Acme Support", "1 to 25 characters")),
                            Map.of("name", "Acme Support"), true)
                    .envelope(200, "Success update push name", null)
                    .error(400, "name is required, or longer than 25 characters").build();
            case "POST /devices/me/force-active-receipts" -> OperationShape.builder()
                    .body(object("active", bool(true)), Map.of("active", true), true)
                    .envelope(200, "Success set force active receipts", null)
                    .error(400, "active is required").build();
            case "GET /business/{jid}/profile" -> OperationShape.builder()
                    .error(501, "not implemented yet: needs the w:biz business_profile query and business accounts "
                            + "in the sandbox").build();
            case "POST /users/me/profile-photo" -> OperationShape.builder()
                    .body(object("photo_base64", optional(string("/9j/4AAQ…", "a JPEG, base64"))),
                            Map.of("photo_base64", "/9j/4AAQ…"), false)
                    .error(501, "not implemented yet: needs the w:profile:picture set query and its sandbox side")
                    .build();
            default -> throw new IllegalArgumentException("no presence route " + operation);
        };
    }
}
