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
                        "push_name", string("Acme Shop"))),
                ctx -> answer(ctx, "Chats", () -> Map.of("chats", appState.chats(phone(ctx)),
                        "push_name", appState.pushName(phone(ctx)))));
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
