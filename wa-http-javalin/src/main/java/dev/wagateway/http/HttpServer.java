package dev.wagateway.http;

import dev.wagateway.core.error.ConflictException;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.RateLimitedException;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.OverloadedException;
import dev.wagateway.http.node.ForwardRequest;
import dev.wagateway.http.node.RequestForwarder;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.server.BodyLimitFilter;
import dev.wagateway.http.server.Cors;
import dev.wagateway.http.server.DatabaseBusy;
import dev.wagateway.http.server.JsonErrorHandler;
import dev.wagateway.http.server.PrefixCheckedRouter;
import dev.wagateway.http.server.RequestThreads;
import dev.wagateway.http.server.ScrubbedException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.servlet.DefaultTasks;
import io.javalin.router.ParsedEndpoint;
import io.javalin.validation.Validation;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The REST server: Javalin with the contract's global behaviour (§1) — envelope errors (Jetty's own included),
 * request ids, security headers, CORS, body limit whatever the transfer encoding, compression except for the
 * documentation — and the route groups, registered through one {@link RouteRegistry}. Requests run on virtual
 * threads.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final String REQUEST_ID = "X-Request-ID";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final String DOCS = "docs";
    /** The request stages left out of Javalin's lifecycle (see the constructor). */
    private static final Set<HandlerType> UNRUN_STAGES =
            EnumSet.of(HandlerType.BEFORE_MATCHED, HandlerType.AFTER_MATCHED, HandlerType.AFTER);

    private final HttpSettings settings;
    private final Javalin app;
    private final Cors cors;
    private final List<RegisteredRoute> routes;

    /** Builds the server and registers every group's routes. */
    public HttpServer(HttpSettings settings, AuthGate auth, List<RouteGroup> routeGroups) {
        this(settings, auth, routeGroups, RequestObserver.NONE);
    }

    /** Builds the server, registers every group's routes and tells {@code observer} of every finished request. */
    public HttpServer(HttpSettings settings, AuthGate auth, List<RouteGroup> routeGroups, RequestObserver observer) {
        this.settings = settings;
        this.cors = new Cors(settings.corsOrigins());
        BodyLimitFilter bodyLimit = new BodyLimitFilter(settings.maxBodyBytes(), settings.maxMediaBytes(),
                settings.tempDirectory());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jetty.threadPool = RequestThreads.pool();
            // before any route: Javalin's router, with each route's literal prefix compared before its expression
            config.pvt.internalRouter = new PrefixCheckedRouter(config);
            Validation.addValidationExceptionMapper(config); // what Javalin gave the router it replaces
            // Only the request stages this server uses: each of the others (before-matched, after-matched, after
            // handlers, which no route group registers: checked below) cost a scan of the routes and a few objects
            // on every request.
            config.pvt.servletRequestLifecycle = new ArrayList<>(List.of(DefaultTasks.INSTANCE.getBEFORE(),
                    DefaultTasks.INSTANCE.getHTTP(), DefaultTasks.INSTANCE.getERROR()));
            // Every answer is serialized on a new virtual thread: with Jackson's default per-thread buffer pool each
            // one allocated fresh buffers (about 12 KiB a response); a pool shared by all threads reuses them.
            config.jsonMapper(new JavalinJackson(JavalinJackson.defaultMapper(), true).updateMapper(mapper ->
                    mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())));
            // The filter holds each route to its own limit; Javalin must not refuse what the filter let through.
            config.http.maxRequestSize = bodyLimit.largestBody();
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            switch (settings.gzipLevel()) {
                // The original's levels: 0 default, 1 fastest, 2 smallest; anything else turns compression off.
                case 0 -> config.http.gzipOnlyCompression(6);
                case 1 -> config.http.gzipOnlyCompression(1);
                case 2 -> config.http.gzipOnlyCompression(9);
                default -> config.http.disableCompression();
            }
            // Jetty gives every keep-alive connection, from its second request on, a cache of the header fields it
            // saw: a 96-KiB array per open connection (1,024 rows of a trie), young for a while and copied by each
            // collection, to save a few strings per request (docs/benchmarks.md, "HTTP connections"). Off.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_GRACE.toMillis());
                server.setErrorHandler(new JsonErrorHandler());
                if (settings.maxConnections() > 0) {
                    // Each connection is a file descriptor: a flood of them (an open-loop client whose requests
                    // wait) exhausted the process's limit, and then the database's sockets and processes failed.
                    server.addBean(new ConnectionLimit(settings.maxConnections(), server));
                }
            });
            config.jetty.modifyServletContextHandler(handler -> {
                handler.setErrorHandler(new JsonErrorHandler());
                handler.addFilter(new FilterHolder(bodyLimit), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
            });
            config.requestLogger.http((ctx, millis) -> {
                if (log.isInfoEnabled()) { // the arguments cost a few lookups and boxes on every request
                    log.info("{} {} {} {}ms id={}", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis),
                            ctx.res().getHeader(REQUEST_ID));
                }
                observer.finished(ctx.method().name(), routeTemplate(ctx), ctx.statusCode(), millis);
                MDC.clear();
            });
        });
        app.before(this::global);
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
            if (e instanceof WhatsAppFailureException && DatabaseBusy.causedBy(e)) {
                // the device's protocol store found no free connection before anything went out: an overload
                // that passes, not WhatsApp's failure (nor a database message for the caller to read)
                answerDatabaseBusy(ctx);
                return;
            }
            int code = switch (e) {
                case InvalidRequestException ignored -> 400;
                case UnauthorizedException ignored -> 401;
                case NotFoundException ignored -> 404;
                case ConflictException ignored -> 409;
                case SessionUnavailableException ignored -> 500;
                case WhatsAppFailureException ignored -> 500;
                case RateLimitedException limited -> {
                    ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
                    limited.headers().forEach(ctx::header);
                    yield 429;
                }
                case HandOverException handOver -> {
                    ctx.header("Retry-After", Long.toString(handOver.retryAfterSeconds()));
                    yield 503;
                }
                case OverloadedException overloaded -> {
                    ctx.header("Retry-After", Long.toString(overloaded.retryAfterSeconds()));
                    yield 503;
                }
            };
            if (code == 500) {
                log.info("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
            }
            ctx.status(code).json(Envelope.failure(code, e.getMessage()));
        });
        RequestForwarder forwarder = new RequestForwarder(auth.nodes(), java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build());
        app.exception(ForwardRequest.class, (e, ctx) -> forwarder.forward(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            // Javalin's own answers (no route matched, wrong method, ...) in the envelope
            int code = e.getStatus() >= 400 && e.getStatus() < 600 ? e.getStatus() : 500;
            String message = switch (code) {
                case 404 -> "Cannot " + ctx.method() + " " + ctx.path();
                case 405 -> "Method Not Allowed";
                case 413 -> "Request Entity Too Large";
                default -> HttpStatus.forStatus(code).getMessage();
            };
            ctx.status(code).json(Envelope.failure(code, message));
        });
        app.exception(Exception.class, (e, ctx) -> {
            // Never the exception's message: it may carry request data or bound statement arguments.
            String requestId = ctx.res().getHeader(REQUEST_ID);
            if (DatabaseBusy.causedBy(e)) {
                answerDatabaseBusy(ctx);
                return;
            }
            log.error("unhandled {} on {} {} (request {})", ScrubbedException.chain(e), ctx.method(), ctx.path(),
                    requestId, ScrubbedException.of(e));
            ctx.status(500).json(Envelope.failure(500, "Internal Server Error (request " + requestId + ")"));
        });
        RouteRegistry registry = new RouteRegistry(app, settings.basePath(), auth);
        routeGroups.forEach(group -> group.register(registry));
        registry.complete();
        List<String> unrun = app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint).filter(endpoint -> UNRUN_STAGES.contains(endpoint.getMethod()))
                .map(endpoint -> endpoint.getMethod() + " " + endpoint.getPath()).toList();
        if (!unrun.isEmpty()) {
            throw new IllegalStateException("handlers of request stages this server does not run: " + unrun);
        }
        this.routes = registry.routes();
    }

    private static void answerDatabaseBusy(Context ctx) {
        String requestId = ctx.res().getHeader(REQUEST_ID);
        log.warn("{} {}: no database connection came free in time (request {})", ctx.method(), ctx.path(),
                requestId);
        ctx.header("Retry-After", "1");
        ctx.status(503).json(Envelope.failure(503, "Service Unavailable: the database is busy, retry shortly"
                + " (request " + requestId + ")"));
    }

        /** Starts listening; returns the bound port (useful when the configured port is 0). */
    public int start() {
        app.start(settings.host(), settings.port());
        return app.port();
    }

    public int port() {
        return app.port();
    }

    /** The routes as the route groups registered them. */
    public List<RegisteredRoute> routes() {
        return routes;
    }

    /**
     * {@code "METHOD path"} of every HTTP handler in Javalin's router, the paths as served (base path included):
     * what really answers, for tests to hold the documentation against.
     */
    public List<String> servedRoutes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.getEndpoint())
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> endpoint.getMethod().name() + " " + endpoint.getPath())
                .toList();
    }

    /** Stops accepting requests, lets the ones in flight finish (up to a grace period), then closes. */
    @Override
    public void close() {
        app.stop();
    }

    /** What every request goes through first, in this order. */
    private void global(Context ctx) {
        String requestId = ctx.header(REQUEST_ID);
        requestId = requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId.strip();
        ctx.header(REQUEST_ID, requestId);
        // every log line of the request carries its id (a field of its own with LOG_FORMAT=json)
        MDC.clear();
        MDC.put("request_id", requestId);
        ctx.header("X-XSS-Protection", "1; mode=block");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        if (mentionsDocs(ctx.path())) {
            ctx.disableCompression(); // api.md §1: everything but the documentation is compressed
        }
        if (cors.apply(ctx)) {
            ctx.skipRemainingHandlers();
            return;
        }
        if (Boolean.TRUE.equals(ctx.attribute(BodyLimitFilter.TOO_LARGE))) {
            ctx.status(413).json(Envelope.failure(413, "Request Entity Too Large"));
            ctx.skipRemainingHandlers();
            return;
        }
        String query = ctx.queryString();
        if (ctx.req().getRequestURI().contains("%00") || query != null && query.contains("%00")) {
            // PostgreSQL stores no NUL character, and no identifier or cursor of ours contains one.
            ctx.status(400).json(Envelope.failure(400, "the URL must not contain NUL (%00) characters"));
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether {@code path} contains "docs" in any case (without a lower-cased copy of every request's path). */
    static boolean mentionsDocs(String path) {
        int length = DOCS.length();
        for (int i = 0, last = path.length() - length; i <= last; i++) {
            int j = 0;
            while (j < length && Character.toLowerCase(path.charAt(i + j)) == DOCS.charAt(j)) {
                j++;
            }
            if (j == length) {
                return true;
            }
        }
        return false;
    }

    /** The matched route's template; requests no route matched share one label. */
    private static String routeTemplate(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** The Jetty server (for its metrics), once started. */
    public org.eclipse.jetty.server.Server jetty() {
        return app.jettyServer().server();
    }

    private static boolean isEnvelope(Context ctx) {
        String result = ctx.result();
        return result != null && result.startsWith("{");
    }
}
