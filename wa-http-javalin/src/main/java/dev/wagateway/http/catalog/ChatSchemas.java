package dev.wagateway.http.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * The documented shapes of the chat settings and app-state rows (36, 37, 70–72) and of the chat list routes beyond
 * the catalog (issue 16: {@code GET /chats}, {@code GET /chats/{chat_jid}}).
 */
public final class ChatSchemas {

    private static final String JID = "6281234567890@s.whatsapp.net";

    private ChatSchemas() {
    }

    static void register(BiConsumer<String, OperationShape> put) {
        put.accept("POST /chats/{chat_jid}/archive", OperationShape.builder()
                .body(object("archive", bool(true)), Map.of("archive", true), true)
                .envelope(200, "Success archive chat", null)
                .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                .error(500, "Invalid chat JID, or WhatsApp refused the patch").build());
        put.accept("POST /chats/{chat_jid}/pin", OperationShape.builder()
                .body(object("pin", bool(true)), Map.of("pin", true), true)
                .envelope(200, "Success pin chat", null)
                .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                .error(500, "Invalid chat JID, or WhatsApp refused the patch").build());
        put.accept("GET /app-state/{name}", OperationShape.builder()
                .query("full_sync", bool(false), false, "rebuild the collection from a snapshot")
                .query("only_if_not_synced", bool(false), false, "do nothing for a collection synced before")
                .envelope(200, "Successfully fetched app state", object("name",
                        oneOf("critical_block", "critical_unblock_low", "regular", "regular_high", "regular_low"),
                        "full_sync", bool(false), "only_if_not_synced", bool(false)))
                .error(400, "not a collection name")
                .error(500, "Failed to fetch app state: …").build());
        put.accept("POST /app-state", OperationShape.builder()
                .body(object("name", string("regular_high"), "action", oneOf("mute", "pin"),
                                "data", object("chat_jid", string(JID), "muted", optional(bool(true)),
                                        "duration", optional(integer(3600)), "pinned", optional(bool(true)))),
                        Map.of("name", "regular_high", "action", "mute",
                                "data", Map.of("chat_jid", JID, "muted", true, "duration", 3600)), true)
                .envelope(200, "Successfully sent app state", object("name", string("regular_high"),
                        "action", oneOf("mute", "pin")))
                .error(400, "a required field is missing, or the action is not supported")
                .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                .error(500, "Invalid chat JID, or WhatsApp refused the patch").build());
        put.accept("POST /app-state/mark-clean", OperationShape.builder()
                .body(object("clean_type", string("groups"), "timestamp", optional(integer(1774432800))),
                        Map.of("clean_type", "groups"), true)
                .envelope(200, "Successfully marked app state as clean", object("clean_type", string("groups"),
                        "timestamp", integer(1774432800)))
                .error(400, "clean_type is required").build());
    }

    /** The shape of one of the chat routes beyond the catalog. */
    public static OperationShape shape(String operation) {
        return switch (operation) {
            case "GET /chats" -> OperationShape.builder()
                    .query("limit", integer(20), false, "1 to 100 chats (default 20)")
                    .query("offset", integer(0), false, "how many chats to skip")
                    .envelope(200, "Success get chats", object("limit", integer(20), "offset", integer(0),
                            "chats", array(chat())))
                    .error(400, "limit or offset out of range").build();
            case "POST /chats/{chat_jid}/mute" -> OperationShape.builder()
                    .body(object("muted", bool(true), "duration", optional(integer(3600))),
                            Map.of("muted", true, "duration", 3600), true)
                    .envelope(200, "Success mute chat", null)
                    .error(400, "duration must be >= 0, or a malformed chat")
                    .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                    .error(500, "WhatsApp refused the patch").build();
            case "POST /chats/{chat_jid}/mark-read" -> OperationShape.builder()
                    .body(object("read", bool(true), "last_message_ts", optional(integer(1774432800))),
                            Map.of("read", true), true)
                    .envelope(200, "Success mark chat read", null)
                    .error(400, "a malformed chat or field")
                    .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                    .error(500, "WhatsApp refused the patch").build();
            case "DELETE /chats/{chat_jid}" -> OperationShape.builder()
                    .body(object("delete_media", optional(bool(false))), Map.of("delete_media", false), false)
                    .envelope(200, "Success delete chat", null)
                    .error(400, "a malformed chat or field")
                    .error(409, "the phone has not shared its app-state key yet (right after linking): retry")
                    .error(500, "WhatsApp refused the patch").build();
            case "GET /chats/{chat_jid}" -> OperationShape.builder()
                    .envelope(200, "Success get chat", chat())
                    .error(404, "the device knows no such chat").build();
            default -> throw new IllegalArgumentException("no chat route " + operation);
        };
    }

    /** A chat with its settings and newest message. */
    private static Map<String, Object> chat() {
        Map<String, Object> last = nullable(object("message_id", string("3EB0C767D0D1A2B3C4D5"), "from", string(JID),
                "timestamp", integer(1774432800), "is_from_me", bool(false), "type", string("text"),
                "text", string("Hello")));
        return object("chat_jid", string(JID), "archived", bool(false), "pinned", bool(true), "muted", bool(false),
                "muted_until", Map.of("type", List.of("string", "null"), "format", "date-time",
                        "example", "2026-03-25T11:00:00Z"),
                "unread", bool(false),
                "last_message_time", Map.of("type", List.of("integer", "null"), "example", 1774432800),
                "last_message", last);
    }

    private static Map<String, Object> nullable(Map<String, Object> schema) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("type", List.of("object", "null"));
        return copy;
    }
}
