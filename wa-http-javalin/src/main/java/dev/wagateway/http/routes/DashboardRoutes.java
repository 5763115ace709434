package dev.wagateway.http.routes;

import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard at {@code /dashboard}: one page and its script and style, served from the class path (no build step,
 * nothing from a CDN). It needs no authentication to load; everything it shows comes from the API with the admin
 * secret or device token the user signs in with.
 */
public final class DashboardRoutes implements RouteGroup {

    private static final String FOLDER = "/dashboard/";
    private static final Map<String, String> FILES = Map.of("app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final String page;

    /** @param basePath the route prefix, so the page finds its files and the API behind a proxy prefix */
    public DashboardRoutes(String basePath) {
        this.page = new String(read("index.html"), StandardCharsets.UTF_8).replace("{{base}}", basePath);
    }

    @Override
    public void register(RouteRegistry routes) {
        Map<String, Object> html = Map.of("type", "string");
        routes.add(new RouteSpec(0, "GET", "/dashboard", AuthScheme.NONE, "Dashboard",
                        "The dashboard page (signs in with the admin secret or a device token)", ""),
                OperationShape.builder().raw(200, "text/html", "the page", html).build(),
                ctx -> ctx.html(page));
        routes.add(new RouteSpec(0, "GET", "/dashboard/{file}", AuthScheme.NONE, "Dashboard",
                        "The dashboard's script and style (and the page as index.html)", ""),
                OperationShape.builder().raw(200, "text/javascript", "app.js, app.css or index.html", html)
                        .error(404, "no such file").build(),
                this::file);
    }

    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (name.equals("index.html")) {
            ctx.html(page);
            return;
        }
        String type = FILES.get(name);
        if (type == null) {
            ctx.status(404).json(Envelope.failure(404, "Cannot GET " + ctx.path()));
            return;
        }
        ctx.contentType(type).header("Cache-Control", "no-cache").result(read(name));
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
