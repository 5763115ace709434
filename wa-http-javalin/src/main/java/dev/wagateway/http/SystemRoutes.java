package dev.wagateway.http;

import io.javalin.Javalin;

/** The routes without authentication: the health probe (contract §5.12, row 80) and the favicon. */
public final class SystemRoutes implements RouteGroup {

    @Override
    public void register(Javalin app) {
        app.get("/", ctx -> ctx.json(Envelope.success(200, "Working great!", null)));
        app.get("/favicon.ico", ctx -> ctx.status(204));
    }
}
