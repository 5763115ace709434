package dev.wagateway.sandbox;

import io.javalin.Javalin;

/** The control API's history routes: {@code POST} and {@code GET /sandbox/phones/{phone}/history}. */
final class HistoryControlRoutes {

    private final SandboxHistory history;

    HistoryControlRoutes(SandboxHistory history) {
        this.history = history;
    }

    void register(Javalin app, String prefix) {
        app.post(prefix + "/phones/{phone}/history",
                ctx -> ctx.json(history.seed(ctx.pathParam("phone"), ControlRoutes.body(ctx))));
        app.get(prefix + "/phones/{phone}/history", ctx -> ctx.json(history.view(ctx.pathParam("phone"))));
    }
}
