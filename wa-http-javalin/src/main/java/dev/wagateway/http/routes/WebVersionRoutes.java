package dev.wagateway.http.routes;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.version.WebVersionService;
import dev.wagateway.core.version.WebVersionStatus;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.protocol.version.WebVersion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The WhatsApp Web version the sessions announce, read and refreshed by the admin (api.md §6.1). */
public final class WebVersionRoutes implements RouteGroup {

    private final AuthGate auth;
    private final WebVersionService versions;

    public WebVersionRoutes(AuthGate auth, WebVersionService versions) {
        this.auth = auth;
        this.versions = versions;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/admin/whatsapp/version", ctx -> {
            auth.requireAdmin(ctx);
            Responses.ok(ctx, "WhatsApp Web version retrieved successfully", body(versions.status()));
        });
        routes.post("/admin/whatsapp/version/refresh", ctx -> {
            auth.requireAdmin(ctx);
            boolean force = force(ctx.queryParam("force"));
            WebVersionStatus status = versions.refresh(force);
            Map<String, Object> data = body(status);
            data.put("refreshed", status.refreshed());
            Responses.ok(ctx, "WhatsApp Web version refresh completed", data);
        });
    }

    private static boolean force(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("force must be true or false");
        };
    }

    private static Map<String, Object> body(WebVersionStatus status) {
        WebVersion version = status.version();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("wa_web_version", Map.of("array", List.of(version.primary(), version.secondary(),
                version.tertiary()), "string", version.toString()));
        data.put("last_refreshed", status.lastRefreshed().map(Times::rfc3339).orElse(null));
        data.put("last_error", status.lastError());
        return data;
    }
}
