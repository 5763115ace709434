package dev.wagateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.Javalin;

import java.io.UncheckedIOException;
import java.util.Map;

/** Rows 81–83: the OpenAPI document as JSON and YAML, and Swagger UI (from its webjar) at {@code /docs/}. */
public final class DocsRoutes implements RouteGroup {

    private final String json;
    private final String yaml;
    private final String page;

    /**
     * @param document         the OpenAPI document
     * @param basePath         the route prefix, so the page finds the document behind a proxy prefix
     * @param swaggerUiVersion the webjar version serving the UI's files
     */
    public DocsRoutes(Map<String, Object> document, String basePath, String swaggerUiVersion) {
        try {
            this.json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
            this.yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String assets = basePath + "/webjars/swagger-ui/" + swaggerUiVersion;
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>WhatsApp gateway API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: "%2$s/docs/swagger.json", dom_id: "#swagger-ui"});</script>
                </body></html>
                """.formatted(assets, basePath);
    }

    @Override
    public void register(Javalin app) {
        app.get("/docs/swagger.json", ctx -> ctx.contentType("application/json").result(json));
        app.get("/docs/swagger.yaml", ctx -> ctx.contentType("application/yaml").result(yaml));
        app.get("/docs/", ctx -> ctx.html(page));
    }
}
