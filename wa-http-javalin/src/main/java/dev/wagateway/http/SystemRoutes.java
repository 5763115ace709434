package dev.wagateway.http;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** The routes without authentication: the health probe (contract §5.12, row 80) and the favicon. */
public final class SystemRoutes implements RouteGroup {

    @Override
    public void register(Javalin app) {
        app.get("/", SystemRoutes::index);
        app.get("/favicon.ico", ctx -> ctx.status(204));
    }

    /** The index answer, also given at the bare base path (without its trailing slash). */
    static void index(Context ctx) {
        ctx.json(Envelope.success(200, "Working great!", null));
    }
}
