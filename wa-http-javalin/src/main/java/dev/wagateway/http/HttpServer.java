package dev.wagateway.http;

import dev.wagateway.core.error.ConflictException;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.http.request.BadRequestException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.plugin.bundled.CorsPluginConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The REST server: Javalin with the contract's global behaviour (§1) — envelope errors, request ids, security
 * headers, CORS, body limit — and the registered route groups. Requests run on virtual threads.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final String REQUEST_ID = "X-Request-ID";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final HttpSettings settings;
    private final Javalin app;

    public HttpServer(HttpSettings settings, List<RouteGroup> routeGroups) {
        this.settings = settings;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.router.contextPath = settings.basePath().isEmpty() ? "/" : settings.basePath();
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.enableWebjars();
            switch (settings.gzipLevel()) {
                // The original's levels: 0 default, 1 fastest, 2 smallest; anything else turns compression off.
                case 0 -> config.http.gzipOnlyCompression(6);
                case 1 -> config.http.gzipOnlyCompression(1);
                case 2 -> config.http.gzipOnlyCompression(9);
                default -> config.http.disableCompression();
            }
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_GRACE.toMillis()));
            // "<base>" answers like "<base>/" instead of Jetty's redirect to it (contract §1).
            config.jetty.modifyServletContextHandler(handler -> handler.setAllowNullPathInfo(true));
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> corsRule(rule, settings.corsOrigins())));
            config.requestLogger.http((ctx, millis) -> log.info("{} {} {} {}ms id={}", ctx.method(), ctx.path(),
                    ctx.statusCode(), Math.round(millis), ctx.res().getHeader(REQUEST_ID)));
        });
        app.before(HttpServer::commonHeaders);
        if (!settings.basePath().isEmpty()) {
            app.before(ctx -> {
                // "<base>" without its slash: Javalin's router sees no path at all, so the index is answered here.
                if (ctx.path().equals(settings.basePath()) && ctx.method() == HandlerType.GET) {
                    SystemRoutes.index(ctx);
                    ctx.skipRemainingHandlers();
                }
            });
        }
        app.before(ctx -> {
            // Refuse a declared oversized body before any handler runs, whether or not it would read the body.
            if (ctx.contentLength() > settings.maxBodyBytes()) {
                ctx.status(413).json(Envelope.failure(413, "Request Entity Too Large"));
                ctx.skipRemainingHandlers();
            }
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (!isEnvelope(ctx)) { // Javalin's own "Endpoint ... not found" text, not a handler's answer
                ctx.json(Envelope.failure(404, "Cannot " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> ctx.json(Envelope.failure(405, "Method Not Allowed")));
        app.error(HttpStatus.CONTENT_TOO_LARGE, ctx -> ctx.json(Envelope.failure(413, "Request Entity Too Large")));
        app.exception(BadRequestException.class, (e, ctx) ->
                ctx.status(400).json(Envelope.failure(400, e.getMessage())));
        app.exception(GatewayException.class, (e, ctx) -> {
            int code = switch (e) {
                case InvalidRequestException ignored -> 400;
                case UnauthorizedException ignored -> 401;
                case NotFoundException ignored -> 404;
                case ConflictException ignored -> 409;
                case SessionUnavailableException ignored -> 500;
                case WhatsAppFailureException ignored -> 500;
            };
            if (code == 500) {
                log.info("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            ctx.status(code).json(Envelope.failure(code, e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Envelope.failure(500, "Internal Server Error"));
        });
        routeGroups.forEach(group -> group.register(app));
    }

    /** Starts listening; returns the bound port (useful when the configured port is 0). */
    public int start() {
        app.start(settings.host(), settings.port());
        return app.port();
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting requests, lets the ones in flight finish (up to a grace period), then closes. */
    @Override
    public void close() {
        app.stop();
    }

    private static void commonHeaders(Context ctx) {
        String requestId = ctx.header(REQUEST_ID);
        ctx.header(REQUEST_ID, requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId.trim());
        ctx.header("X-XSS-Protection", "1; mode=block");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
    }

    private static void corsRule(CorsPluginConfig.CorsRule rule, List<String> origins) {
        if (origins.contains("*")) {
            rule.anyHost();
        } else {
            origins.forEach(origin -> rule.allowHost(origin));
        }
        rule.exposeHeader(REQUEST_ID);
    }

    private static boolean isEnvelope(Context ctx) {
        String result = ctx.result();
        return result != null && result.startsWith("{");
    }
}
