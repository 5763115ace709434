package dev.wagateway.http.routes;

import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition, for the admin secret or, so a scraper needs no admin
 * rights, {@code Authorization: Bearer <METRICS_TOKEN>}.
 */
public final class MetricsRoutes implements RouteGroup {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final AuthGate auth;
    private final Optional<byte[]> token;
    private final Supplier<String> scrape;

    /**
     * @param token  {@code METRICS_TOKEN}, when set
     * @param scrape the current metrics in the Prometheus text format
     */
    public MetricsRoutes(AuthGate auth, Optional<String> token, Supplier<String> scrape) {
        this.auth = auth;
        this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
        this.scrape = scrape;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(new RouteSpec(0, "GET", "/metrics", AuthScheme.ADMIN, "System",
                        "Prometheus metrics (the admin secret, or METRICS_TOKEN as a bearer token)", ""),
                OperationShape.builder().raw(200, CONTENT_TYPE, "the Prometheus text format",
                        Map.of("type", "string")).build(),
                this::metrics);
    }

    private void metrics(Context ctx) {
        if (!bearerTokenMatches(ctx)) {
            auth.requireAdmin(ctx);
        }
        ctx.contentType(CONTENT_TYPE).result(scrape.get());
    }

    private boolean bearerTokenMatches(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (token.isEmpty() || authorization == null) {
            return false;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("Invalid Authorization header format. Use: Bearer <token>");
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new UnauthorizedException("Invalid metrics token");
        }
        return true;
    }
}
