package dev.wagateway.http.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * CORS as api.md §1 fixes it: allowed origins from {@code HTTP_CORS_ORIGIN} ({@code *} or a list), and a pre-flight
 * answered here with 204 and the contract's fixed header and method lists, whatever the browser asks for.
 */
public final class Cors {

    static final String ALLOWED_HEADERS =
            "Origin, Content-Type, Accept, Authorization, X-API-Key, X-Admin-Secret, X-Request-ID";
    static final String ALLOWED_METHODS = "GET,POST,PUT,PATCH,DELETE";

    private final List<String> origins;
    private final boolean anyOrigin;

    /** @param origins the allowed origins; {@code *} allows every origin */
    public Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
        this.anyOrigin = origins.contains("*");
    }

    /**
     * Adds the CORS headers; answers a pre-flight request.
     *
     * @return true when the request was a pre-flight and is answered
     */
    public boolean apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        if (anyOrigin) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else if (origins.contains(origin.strip())) {
            ctx.header("Access-Control-Allow-Origin", origin.strip());
            ctx.header("Vary", "Origin");
        }
        ctx.header("Access-Control-Expose-Headers", "X-Request-ID");
        if (ctx.method() != HandlerType.OPTIONS || ctx.header("Access-Control-Request-Method") == null) {
            return false;
        }
        ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.status(204);
        return true;
    }
}
