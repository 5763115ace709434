package dev.wagateway.http.routes;

import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

/** Users, privacy and the account's own profile (api.md rows 23–31): not built yet, each answers 501. */
public final class UserRoutes implements RouteGroup {

    @Override
    public void register(RouteRegistry routes) {
        // The literal "me" routes first, so they are never taken for a {user_jid} (api.md §4.4).
        routes.notImplemented("GET", "/users/me/privacy");
        routes.notImplemented("PATCH", "/users/me/privacy");
        routes.notImplemented("GET", "/users/me/status-privacy");
        routes.notImplemented("POST", "/users/me/status");
        routes.notImplemented("GET", "/users/{user_jid}");
        routes.notImplemented("GET", "/users/{user_jid}/profile-picture");
        routes.notImplemented("POST", "/users/{user_jid}/block");
        routes.notImplemented("DELETE", "/users/{user_jid}/block");
        routes.notImplemented("GET", "/users/{jid}/devices");
    }
}
