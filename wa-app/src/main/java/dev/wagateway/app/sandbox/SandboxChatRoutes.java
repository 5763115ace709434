package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.sandbox.SandboxAppState;
import dev.wagateway.sandbox.SandboxException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * The sandbox's app-state control in sandbox mode, behind the admin secret: a phone's chat list as its app state has
 * it, and the changes its user makes (archive, pin, mute, mark read), which reach every linked device as app-state
 * patches.
 */
public final class SandboxChatRoutes implements RouteGroup {

    private static final String CHATS = "/sandbox/phones/{phone}/chats";
    private static final String JID = "6281234567890@s.whatsapp.net";

    private final SandboxAppState appState;
    private final AuthGate auth;

    public SandboxChatRoutes(SandboxAppState appState, AuthGate auth) {
        this.appState = appState;
        this.auth = auth;
    }

    @Override
    public void register(RouteRegistry routes) {
        Map<String, Object> chat = object("jid", string(JID), "archived", bool(true), "pinned", bool(false),
                "muted", bool(false), "muted_until", nullable(string("2026-03-25T11:00:00Z")),
                "read", optional(bool(true)), "cleared_at", optional(string("2026-03-25T10:00:00Z")),
                "deleted_at", optional(string("2026-03-25T10:00:00Z")));
        add(routes, "GET", CHATS, "A phone's chats and push name as its app state has them",
                OperationShape.builder().envelope(200, "Chats", object("chats", array(chat),
                        "push_name", string("Acme Shop"), "versions", object("critical_block", integer(1),
                        "critical_unblock_low", integer(0), "regular", integer(0), "regular_high", integer(2),
                        "regular_low", integer(3)))),
                ctx -> answer(ctx, "Chats", () -> Map.of("chats", appState.chats(phone(ctx)),
                        "push_name", appState.pushName(phone(ctx)), "versions", appState.versions(phone(ctx)))));
        add(routes, "POST", CHATS + "/{jid}/{action}", "The phone's user archives, pins, mutes or marks a chat "
                        + "read (a patch every linked device receives)",
                OperationShape.builder()
                        .body(object("archived", optional(bool(true)), "pinned", optional(bool(true)),
                                "muted", optional(bool(true)), "until", optional(string("2026-03-25T11:00:00Z",
                                        "mute end; none: for ever")), "read", optional(bool(true))),
                                Map.of("archived", true), true)
                        .envelope(200, "Chat changed", object("applied", oneOf("archive", "pin", "mute", "read"),
                                "chat", string(JID))), ctx -> {
                    RequestFields body = RequestFields.require(ctx, "body must be a JSON object");
                    String action = ctx.pathParam("action");
                    String jid = RequestFields.checked("jid", ctx.pathParam("jid"), FieldLimits.JID);
                    ChatSetting setting = switch (action) {
                        case "archive" -> new ChatSetting.Archive(flag(body, "archived"));
                        case "pin" -> new ChatSetting.Pin(flag(body, "pinned"));
                        case "read" -> new ChatSetting.MarkRead(flag(body, "read"));
                        case "mute" -> {
                            boolean muted = flag(body, "muted");
                            Optional<Instant> until = body.string("until", 64).map(SandboxChatRoutes::instant);
                            yield new ChatSetting.Mute(muted, muted ? until : Optional.empty());
                        }
                        default -> throw new BadRequestException("action must be archive, pin, mute or read");
                    };
                    answer(ctx, "Chat changed", () -> {
                        appState.phoneChange(phone(ctx), jid, setting);
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("applied", action);
                        data.put("chat", jid);
                        return data;
                    });
                });
        registerChanges(routes);
    }

    /**
     * The phone's user makes an app-state change that is not a chat setting; and the fault that makes the phone
     * write a change of its own just before a companion's next patch lands, so that patch is stale (409).
     */
    private void registerChanges(RouteRegistry routes) {
        add(routes, "POST", "/sandbox/phones/{phone}/app-state/changes", "The phone's user stars a message, deletes "
                        + "one for themselves, edits or applies a label, names a contact or changes a setting (a "
                        + "patch every linked device receives)",
                OperationShape.builder()
                        .body(object("type", oneOf(SandboxChangeRequest.TYPES), "chat", optional(string(JID)),
                                "message_id", optional(string("3EB0ABCDEF")), "from_me", optional(bool(true)),
                                "sender", optional(string(JID)), "starred", optional(bool(true)),
                                "delete_media", optional(bool(false)), "label_id", optional(string("3")),
                                "name", optional(string("Leads")), "deleted", optional(bool(false)),
                                "labeled", optional(bool(true)), "jid", optional(string(JID)),
                                "full_name", optional(string("Ann Lee")), "first_name", optional(string("Ann")),
                                "unarchive", optional(bool(true)), "muted", optional(bool(true))),
                                Map.of("type", "star", "chat", JID, "message_id", "3EB0ABCDEF", "from_me", true,
                                        "starred", true), true)
                        .envelope(200, "Change made", object("type", oneOf(SandboxChangeRequest.TYPES))), ctx -> {
                    RequestFields body = RequestFields.require(ctx, "body must be a JSON object");
                    var change = SandboxChangeRequest.read(body);
                    answer(ctx, "Change made", () -> {
                        appState.phoneChange(phone(ctx), change);
                        return Map.of("type", body.string("type", FieldLimits.OPTION).orElse(""));
                    });
                });
        add(routes, "POST", "/sandbox/phones/{phone}/app-state/rotate-key", "The phone makes a new app-state sync "
                        + "key and writes its next changes with it, shared with no companion until one asks",
                OperationShape.builder().envelope(200, "Key rotated", null), ctx -> answer(ctx, "Key rotated", () -> {
                    appState.rotateKey(phone(ctx));
                    return null;
                }));
        add(routes, "POST", "/sandbox/phones/{phone}/app-state/race", "Fault: before the next patch of device "
                        + "{device} lands, the phone writes a change of its own to the same collection, so the "
                        + "device's patch is stale and refused with 409 (the device syncs and sends again)",
                OperationShape.builder()
                        .body(object("device", string(JID + ":3")), Map.of("device", JID.replace("@", ":3@")), true)
                        .envelope(200, "Race armed", object("device", string(JID))), ctx -> {
                    RequestFields body = RequestFields.require(ctx, "body must be a JSON object");
                    String device = body.string("device", FieldLimits.JID)
                            .orElseThrow(() -> new BadRequestException("device is required"));
                    answer(ctx, "Race armed", () -> {
                        appState.raceNextPatch(phone(ctx), device);
                        return Map.of("device", device);
                    });
                });
    }

    private void add(RouteRegistry routes, String method, String path, String summary, OperationShape.Builder answer,
                     Handler handler) {
        routes.add(new RouteSpec(0, method, path, AuthScheme.ADMIN, "Sandbox", summary, ""), answer.build(), ctx -> {
            auth.requireAdmin(ctx);
            handler.handle(ctx);
        });
    }

    private static boolean flag(RequestFields body, String field) {
        return body.bool(field).orElseThrow(() -> new BadRequestException(field + " (boolean) is required"));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new BadRequestException("until must be an ISO-8601 instant");
        }
    }

    private static Map<String, Object> nullable(Map<String, Object> schema) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("type", List.of("string", "null"));
        return copy;
    }

    private static String phone(Context ctx) {
        return RequestFields.checked("phone", ctx.pathParam("phone"), FieldLimits.PHONE);
    }

    private static void answer(Context ctx, String message, Supplier<Object> work) {
        try {
            ctx.status(200).json(Envelope.success(200, message, work.get()));
        } catch (SandboxException e) {
            int code = e.status() >= 400 && e.status() < 600 ? e.status() : 500;
            ctx.status(code).json(Envelope.failure(code, e.getMessage()));
        }
    }
}
