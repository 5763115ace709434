package dev.wagateway.http;

import dev.wagateway.http.catalog.ApiCatalog;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one way routes reach the server: each is registered under {@code HTTP_BASE_URL} with the description the
 * catalog (or its route class) gives it, so the OpenAPI document lists exactly what is served. A route not yet
 * built is registered too, with its authentication, answering 501 with the capability it waits for.
 */
public final class RouteRegistry {

    private final Javalin app;
    private final String basePath;
    private final AuthGate auth;
    private final List<RegisteredRoute> routes = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final List<Consumer<List<RegisteredRoute>>> completionListeners = new ArrayList<>();
    private boolean complete;

    /** @param basePath empty, or starting with {@code /} and without a trailing one */
    public RouteRegistry(Javalin app, String basePath, AuthGate auth) {
        this.app = app;
        this.basePath = basePath;
        this.auth = auth;
    }

    public void get(String path, Handler handler) {
        add(catalogued("GET", path), false, handler);
    }

    public void post(String path, Handler handler) {
        add(catalogued("POST", path), false, handler);
    }

    public void patch(String path, Handler handler) {
        add(catalogued("PATCH", path), false, handler);
    }

    public void delete(String path, Handler handler) {
        add(catalogued("DELETE", path), false, handler);
    }

    /** A route the catalog does not know, described (summary, auth, shape) by its route class. */
    public void add(RouteSpec spec, OperationShape shape, Handler handler) {
        register(new RegisteredRoute(spec, true, false, Optional.of(shape)), full(spec.path()), handler);
    }

    /** A catalogued route registered outside the base path. */
    public void getAtRoot(String path, Handler handler) {
        RouteSpec spec = catalogued("GET", path);
        register(new RegisteredRoute(spec, true, true, Optional.empty()), path, handler);
    }

    /**
     * A catalogued route that is not built yet: after its authentication check it answers 501, naming the
     * capability it needs.
     */
    public void notImplemented(String method, String path) {
        RouteSpec spec = catalogued(method, path);
        add(spec, true, unbuilt(spec));
    }

    /** A route the catalog does not know, described by its route class, that is not built yet (501 as above). */
    public void notImplemented(RouteSpec spec, OperationShape shape) {
        register(new RegisteredRoute(spec, false, false, Optional.of(shape)), full(spec.path()), unbuilt(spec));
    }

    private Handler unbuilt(RouteSpec spec) {
        return ctx -> {
            Optional<Envelope> refusal = auth.refusal(ctx, spec.auth());
            Envelope answer = refusal.orElseGet(() -> Envelope.failure(501, spec.summary()
                    + " is not implemented yet: it needs " + spec.capability() + "."));
            ctx.status(answer.code()).json(answer);
        };
    }

    /** A before-handler for the paths matching {@code pathPattern} under the base path. */
    public void before(String pathPattern, Handler handler) {
        app.before(full(pathPattern), handler);
    }

    /** What was registered, in order. */
    public List<RegisteredRoute> routes() {
        return List.copyOf(routes);
    }

    /** Runs {@code listener} with every route once all route groups registered theirs. */
    public void whenComplete(Consumer<List<RegisteredRoute>> listener) {
        completionListeners.add(listener);
    }

    /** Marks the registration finished; no route may be added after. */
    void complete() {
        complete = true;
        List<RegisteredRoute> all = routes();
        completionListeners.forEach(listener -> listener.accept(all));
    }

    private void add(RouteSpec spec, boolean stub, Handler handler) {
        register(new RegisteredRoute(spec, !stub, false, Optional.empty()), full(spec.path()), handler);
    }

    private void register(RegisteredRoute route, String fullPath, Handler handler) {
        if (complete) {
            throw new IllegalStateException("route registered after start: " + route.key());
        }
        if (!keys.add(route.key())) {
            throw new IllegalStateException("route registered twice: " + route.key());
        }
        routes.add(route);
        app.addHttpHandler(HandlerType.valueOf(route.spec().method()), fullPath, handler);
    }

    private static RouteSpec catalogued(String method, String path) {
        return ApiCatalog.find(method, path).orElseThrow(() ->
                new IllegalStateException("not in the route catalog: " + method + " " + path));
    }

    private String full(String path) {
        if (basePath.isEmpty()) {
            return path;
        }
        return path.equals("/") ? basePath : basePath + path;
    }
}
