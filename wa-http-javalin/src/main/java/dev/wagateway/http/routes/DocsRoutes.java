package dev.wagateway.http.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.OpenApiDocument;
import dev.wagateway.http.RegisteredRoute;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rows 81–83: the OpenAPI document as JSON and YAML, generated from the registered routes once all are registered,
 * and Swagger UI at {@code /docs/} (also {@code /docs/index.html}) with its files from the webjar, all under the
 * base path.
 */
public final class DocsRoutes implements RouteGroup {

    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final Map<String, String> TYPES = Map.of("css", "text/css", "js", "text/javascript",
            "png", "image/png", "html", "text/html; charset=utf-8", "map", "application/json");

    private final String basePath;
    private final String version;
    private final String assets;
    private final String page;
    private volatile String json;
    private volatile String yaml;

    /**
     * @param basePath         the route prefix, so the page finds the document behind a proxy prefix
     * @param version          the API version the document states
     * @param swaggerUiVersion the webjar version serving the UI's files
     */
    public DocsRoutes(String basePath, String version, String swaggerUiVersion) {
        this.basePath = basePath;
        this.version = version;
        this.assets = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion + "/";
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>WhatsApp gateway API</title>
                <link rel="stylesheet" href="%1$s/docs/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/docs/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: "%1$s/docs/swagger.json", dom_id: "#swagger-ui"});</script>
                </body></html>
                """.formatted(basePath);
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.whenComplete(this::render);
        routes.get("/docs/swagger.json", ctx -> ctx.contentType("application/json").result(json));
        routes.get("/docs/swagger.yaml", ctx -> ctx.contentType("application/yaml").result(yaml));
        routes.get("/docs", ctx -> ctx.html(page));
        routes.get("/docs/{file}", this::file);
    }

    private void render(List<RegisteredRoute> registered) {
        Map<String, Object> document = OpenApiDocument.build(basePath, version, registered);
        try {
            json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
            yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void file(Context ctx) throws IOException {
        String name = ctx.pathParam("file");
        if (name.equals("index.html")) {
            ctx.html(page);
            return;
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        InputStream in = ASSET.matcher(name).matches() && type != null
                ? DocsRoutes.class.getResourceAsStream(assets + name) : null;
        if (in == null) {
            ctx.status(404).json(Envelope.failure(404, "Cannot GET " + ctx.path()));
            return;
        }
        try (in) {
            ctx.contentType(type).result(in.readAllBytes());
        }
    }
}
