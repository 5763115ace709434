package dev.wagateway.http.routes;

import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

/** Presence and disappearing messages (api.md rows 67–69): not built yet, each answers 501. */
public final class PresenceRoutes implements RouteGroup {

    @Override
    public void register(RouteRegistry routes) {
        routes.notImplemented("POST", "/chats/{chat_jid}/presence");
        routes.notImplemented("POST", "/presence/status");
        routes.notImplemented("PATCH", "/chats/{chat_jid}/disappearing-timer");
    }
}
