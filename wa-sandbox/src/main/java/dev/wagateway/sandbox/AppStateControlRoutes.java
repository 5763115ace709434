package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.appstate.ChatSetting;
import io.javalin.Javalin;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The control API's app-state routes: a phone's chat list as its app state has it
 * ({@code GET /sandbox/phones/{phone}/chats}), changes its user makes
 * ({@code POST /sandbox/phones/{phone}/chats/{jid}/archive|pin|mute|read}), and a fault that damages the next patch
 * the server sends a device ({@code POST /sandbox/devices/{jid}/app-state/corrupt-next-patch}).
 */
final class AppStateControlRoutes {

    private final SandboxAppState appState;

    AppStateControlRoutes(SandboxAppState appState) {
        this.appState = appState;
    }

    void register(Javalin app, String prefix) {
        app.get(prefix + "/phones/{phone}/chats", ctx -> ctx.json(Map.of("chats",
                appState.chats(ctx.pathParam("phone")))));
        app.post(prefix + "/phones/{phone}/chats/{jid}/{action}", ctx -> {
            JsonNode body = ControlRoutes.body(ctx);
            ChatSetting setting = switch (ctx.pathParam("action")) {
                case "archive" -> new ChatSetting.Archive(flag(body, "archived"));
                case "pin" -> new ChatSetting.Pin(flag(body, "pinned"));
                case "read" -> new ChatSetting.MarkRead(flag(body, "read"));
                case "mute" -> {
                    boolean muted = flag(body, "muted");
                    Optional<Instant> until = Optional.ofNullable(ControlRoutes.text(body, "until")).map(text -> {
                        try {
                            return Instant.parse(text);
                        } catch (RuntimeException e) {
                            throw new SandboxException(400, "until must be an ISO-8601 instant");
                        }
                    });
                    yield new ChatSetting.Mute(muted, muted ? until : Optional.empty());
                }
                default -> throw new SandboxException(404, "no chat action " + ctx.pathParam("action")
                        + " (archive, pin, mute, read)");
            };
            appState.phoneChange(ctx.pathParam("phone"), ctx.pathParam("jid"), setting);
            ctx.json(Map.of("applied", ctx.pathParam("action"), "chat", ctx.pathParam("jid")));
        });
        app.post(prefix + "/devices/{jid}/app-state/corrupt-next-patch", ctx -> {
            try {
                appState.corruptNextPatch(ctx.pathParam("jid"));
            } catch (IllegalArgumentException e) {
                throw new SandboxException(400, "not a device JID: " + ctx.pathParam("jid"));
            }
            ctx.json(Map.of("applied", "corrupt_next_patch", "device", ctx.pathParam("jid")));
        });
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw new SandboxException(400, field + " (boolean) is required");
        }
        return value.booleanValue();
    }
}
