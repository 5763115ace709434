package dev.wagateway.http.routes;

import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

/** App state (api.md rows 70–72): not built yet, each answers 501. */
public final class AppStateRoutes implements RouteGroup {

    @Override
    public void register(RouteRegistry routes) {
        // The literal path before {name}, so "mark-clean" is never taken for a collection name.
        routes.notImplemented("POST", "/app-state/mark-clean");
        routes.notImplemented("GET", "/app-state/{name}");
        routes.notImplemented("POST", "/app-state");
    }
}
