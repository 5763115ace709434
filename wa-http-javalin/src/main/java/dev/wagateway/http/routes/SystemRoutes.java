package dev.wagateway.http.routes;

import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

/** The routes without authentication: the health probe (api.md row 80) and the favicon (outside the base path). */
public final class SystemRoutes implements RouteGroup {

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/", ctx -> ctx.json(Envelope.success(200, "Working great!", null)));
        routes.getAtRoot("/favicon.ico", ctx -> ctx.status(204));
    }
}
