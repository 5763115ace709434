package dev.wagateway.http.routes;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.presence.PresenceService;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.PresenceSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Handler;

import java.util.Locale;
import java.util.Optional;

/**
 * Presence and disappearing messages (api.md rows 67–69), the presence subscription of §6.7, and the profile extras
 * of §6.2 that go with presence (the push name it carries); the business profile and the profile photo answer 501.
 */
public final class PresenceRoutes implements RouteGroup {

    /** Longest push name accepted before the service's own check (WhatsApp's limit is 25 characters). */
    private static final int NAME = 256;

    private final AuthGate auth;
    private final PresenceService presence;

    /** Wires the routes. */
    public PresenceRoutes(AuthGate auth, PresenceService presence) {
        this.auth = auth;
        this.presence = presence;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/chats/{chat_jid}/presence", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = RequestFields.checked("chat_jid", ctx.pathParam("chat_jid"), FieldLimits.JID);
            Optional<String> state = body.string("state", FieldLimits.OPTION);
            Optional<String> media = body.string("media", FieldLimits.OPTION);
            if (state.isEmpty()) {
                // the Swagger names: presence_type typing|recording|paused, media_type
                Optional<String> type = body.string("presence_type", FieldLimits.OPTION)
                        .map(value -> value.strip().toLowerCase(Locale.ROOT));
                state = type.map(value -> value.equals("typing") || value.equals("recording") ? "composing" : value);
                media = type.filter("recording"::equals).map(value -> "audio")
                        .or(() -> body.string("media_type", FieldLimits.OPTION));
            }
            presence.sendChatPresence(me.deviceId(), chat, state.orElse(""), media.orElse(""));
            Responses.ok(ctx, "Success send presence");
        });
        routes.post("/presence/status", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            presence.sendStatus(me.deviceId(), body.string("status", FieldLimits.OPTION).orElse(""));
            Responses.ok(ctx, "Success update presence status");
        });
        routes.patch("/chats/{chat_jid}/disappearing-timer", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = RequestFields.checked("chat_jid", ctx.pathParam("chat_jid"), FieldLimits.JID);
            presence.setDisappearingTimer(me.deviceId(), chat, body.string("timer", FieldLimits.OPTION).orElse(null));
            Responses.ok(ctx, "Success set disappearing timer");
        });
        extra(routes, "POST", "/presence/subscribe", "Presence", "Subscribe to a user's presence", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            presence.subscribe(me.deviceId(), body.string("jid", FieldLimits.JID).orElse(null));
            Responses.ok(ctx, "Successfully subscribed to presence updates");
        });
        extra(routes, "POST", "/users/me/name", "Users", "Set the push name (the name contacts see)", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            presence.setPushName(me.deviceId(), body.string("name", NAME).orElse(null));
            Responses.ok(ctx, "Success update push name");
        });
        extra(routes, "POST", "/devices/me/force-active-receipts", "Devices",
                "Send delivery receipts as active whatever the presence", ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    RequestFields body = RequestFields.require(ctx, "Failed parse body request");
                    presence.forceActiveReceipts(me.deviceId(), body.bool("active")
                            .orElseThrow(() -> new InvalidRequestException("active is required")));
                    Responses.ok(ctx, "Success set force active receipts");
                });
        routes.notImplemented(new RouteSpec(0, "GET", "/business/{jid}/profile", AuthScheme.JWT, "Business",
                        "Get business profile", "the w:biz business_profile query and business accounts in the "
                        + "sandbox"),
                PresenceSchemas.shape("GET /business/{jid}/profile"));
        routes.notImplemented(new RouteSpec(0, "POST", "/users/me/profile-photo", AuthScheme.JWT, "Users",
                        "Set own profile photo", "the w:profile:picture set query and its sandbox side"),
                PresenceSchemas.shape("POST /users/me/profile-photo"));
    }

    private static void extra(RouteRegistry routes, String method, String path, String tag, String summary,
                              Handler handler) {
        routes.add(new RouteSpec(0, method, path, AuthScheme.JWT, tag, summary, "presence"),
                PresenceSchemas.shape(method + " " + path), handler);
    }
}
