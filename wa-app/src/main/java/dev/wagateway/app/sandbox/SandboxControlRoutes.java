package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.sandbox.ControlRoutes;
import dev.wagateway.sandbox.SandboxServer;
import io.javalin.Javalin;

import java.util.List;

/**
 * In sandbox mode, the sandbox's control API served by the gateway itself under {@code /sandbox/*}, behind the
 * admin secret (architecture, "The sandbox contract").
 */
public final class SandboxControlRoutes implements RouteGroup {

    /** The control API's routes, for the OpenAPI document. */
    public static final List<RouteSpec> ROUTES = List.of(
            route("GET", "/sandbox/info", "Sandbox websocket URL, root key and media URL"),
            route("GET", "/sandbox/stats", "Sandbox connections and memory"),
            route("POST", "/sandbox/phones", "Create a simulated phone"),
            route("GET", "/sandbox/phones/{phone}", "A phone's linked devices"),
            route("POST", "/sandbox/phones/{phone}/link", "The phone scans a QR"),
            route("POST", "/sandbox/phones/{phone}/link-code", "The phone enters a pairing code"),
            route("POST", "/sandbox/phones/{phone}/messages", "The phone sends a text"),
            route("GET", "/sandbox/phones/{phone}/messages", "What the phone received"),
            route("POST", "/sandbox/faults", "Inject a fault"));

    private final SandboxServer sandbox;
    private final AuthGate auth;

    public SandboxControlRoutes(SandboxServer sandbox, AuthGate auth) {
        this.sandbox = sandbox;
        this.auth = auth;
    }

    @Override
    public void register(Javalin app) {
        app.before("/sandbox/*", ctx -> auth.refusal(ctx, AuthScheme.ADMIN).ifPresent(refusal -> {
            ctx.status(refusal.code()).json(refusal);
            ctx.skipRemainingHandlers();
        }));
        new ControlRoutes(sandbox.control(), sandbox::info, sandbox::stats).register(app, "/sandbox");
    }

    private static RouteSpec route(String method, String path, String summary) {
        return new RouteSpec(0, method, path, AuthScheme.ADMIN, "Sandbox", summary, "");
    }
}
