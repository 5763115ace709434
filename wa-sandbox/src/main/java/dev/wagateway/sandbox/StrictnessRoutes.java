package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionPage;
import io.javalin.Javalin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Control routes of the strict server: {@code GET /web-version} (the current version in the text format of
 * WhatsApp's page, where clients' refresh jobs read it) and {@code POST /config} ({@code min_web_version},
 * {@code web_version}); {@code GET /config} shows them.
 */
final class StrictnessRoutes {

    private final Strictness strictness;

    StrictnessRoutes(Strictness strictness) {
        this.strictness = strictness;
    }

    void register(Javalin app, String prefix) {
        app.get(prefix + "/web-version", ctx -> ctx.contentType("text/html; charset=utf-8")
                .result(WebVersionPage.render(strictness.versions().current())));
        app.get(prefix + "/config", ctx -> ctx.json(config()));
        app.post(prefix + "/config", ctx -> {
            JsonNode body = ControlRoutes.body(ctx);
            String minimum = ControlRoutes.text(body, "min_web_version");
            String current = ControlRoutes.text(body, "web_version");
            if (minimum != null) {
                strictness.versions().minimum(version(minimum, "min_web_version"));
            }
            if (current != null) {
                strictness.versions().current(version(current, "web_version"));
            }
            ctx.json(config());
        });
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("min_web_version", strictness.versions().minimum().toString());
        config.put("web_version", strictness.versions().current().toString());
        return config;
    }

    private static WebVersion version(String text, String field) {
        return WebVersion.parse(text).orElseThrow(() -> new SandboxException(400,
                field + " must look like 2.3000.1045649367: " + text));
    }
}
