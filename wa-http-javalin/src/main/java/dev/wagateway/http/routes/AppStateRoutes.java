package dev.wagateway.http.routes;

import dev.wagateway.core.chat.ChatSettingsService;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * App state (api.md rows 70–72): fetching a collection (its changes arrive as events), sending a mute or pin patch,
 * and marking a dirty bit clean.
 */
public final class AppStateRoutes implements RouteGroup {

    private final AuthGate auth;
    private final ChatSettingsService chats;

    /** Wires the routes. */
    public AppStateRoutes(AuthGate auth, ChatSettingsService chats) {
        this.auth = auth;
        this.chats = chats;
    }

    @Override
    public void register(RouteRegistry routes) {
        // The literal path before {name}, so "mark-clean" is never taken for a collection name.
        routes.post("/app-state/mark-clean", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed to parse request body");
            String cleanType = body.string("clean_type", FieldLimits.EVENT_NAME).orElse("");
            if (cleanType.isBlank()) {
                throw new BadRequestException("clean_type is required");
            }
            long timestamp = body.integer("timestamp").filter(t -> t > 0).map(Integer::longValue)
                    .orElse(Instant.now().getEpochSecond());
            chats.markClean(me.deviceId(), cleanType, Instant.ofEpochSecond(timestamp));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("clean_type", cleanType);
            data.put("timestamp", timestamp);
            Responses.ok(ctx, "Successfully marked app state as clean", data);
        });
        routes.get("/app-state/{name}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            String name = RequestFields.checked("name", ctx.pathParam("name"), FieldLimits.EVENT_NAME);
            boolean fullSync = flag(ctx.queryParam("full_sync"));
            boolean onlyIfNotSynced = flag(ctx.queryParam("only_if_not_synced"));
            chats.fetch(me.deviceId(), name, fullSync, onlyIfNotSynced);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", name);
            data.put("full_sync", fullSync);
            data.put("only_if_not_synced", onlyIfNotSynced);
            Responses.ok(ctx, "Successfully fetched app state", data);
        });
        routes.post("/app-state", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed to parse request body");
            String name = body.string("name", FieldLimits.EVENT_NAME).orElse("");
            if (name.isBlank()) {
                throw new BadRequestException("app state name is required");
            }
            String action = body.string("action", FieldLimits.EVENT_NAME).orElse("");
            if (action.isBlank()) {
                throw new BadRequestException("action is required");
            }
            Optional<RequestFields> data = body.object("data");
            switch (action) {
                case "mute" -> {
                    String chat = chatOf(data, action);
                    boolean muted = data.flatMap(d -> d.bool("muted")).orElse(false);
                    int seconds = data.flatMap(d -> d.integer("duration")).orElse(0);
                    if (seconds < 0) {
                        throw new BadRequestException("duration must be >= 0");
                    }
                    chats.mute(me.deviceId(), chat, muted, Optional.of(Duration.ofSeconds(seconds)));
                }
                case "pin" -> chats.pinChecked(me.deviceId(), chatOf(data, action),
                        data.flatMap(d -> d.bool("pinned")).orElse(false));
                default -> throw new BadRequestException("unsupported action: " + action);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", name);
            answer.put("action", action);
            Responses.ok(ctx, "Successfully sent app state", answer);
        });
    }

    private static String chatOf(Optional<RequestFields> data, String action) {
        String chat = data.flatMap(d -> d.string("chat_jid", FieldLimits.JID)).orElse("");
        if (chat.isBlank()) {
            throw new BadRequestException("chat_jid is required for " + action + " action");
        }
        return chat;
    }

    /** A query flag as Go's {@code strconv.ParseBool} reads it; anything else is false. */
    private static boolean flag(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            default -> false;
        };
    }
}
