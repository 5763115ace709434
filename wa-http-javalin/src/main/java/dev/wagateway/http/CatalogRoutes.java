package dev.wagateway.http;

import dev.wagateway.http.catalog.ApiCatalog;
import dev.wagateway.http.catalog.RouteSpec;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;

import java.util.Optional;
import java.util.Set;

/**
 * Registers every route of the catalog that no implemented route group provides: after the route's authentication
 * check it answers 501 with the envelope, naming the capability it waits for. So the whole README table exists, with
 * its auth, from the start, and nothing answers 200 without doing its work.
 */
public final class CatalogRoutes implements RouteGroup {

    private final AuthGate auth;
    private final Set<String> implemented;

    /** @param implemented {@code "METHOD path"} of the routes other groups register */
    public CatalogRoutes(AuthGate auth, Set<String> implemented) {
        this.auth = auth;
        this.implemented = Set.copyOf(implemented);
    }

    @Override
    public void register(Javalin app) {
        for (RouteSpec route : ApiCatalog.routes()) {
            if (implemented.contains(route.method() + " " + route.path())) {
                continue;
            }
            app.addHttpHandler(HandlerType.valueOf(route.method()), route.path(), ctx -> {
                Optional<Envelope> refusal = auth.refusal(ctx, route.auth());
                Envelope answer = refusal.orElseGet(() -> Envelope.failure(501, route.summary()
                        + " is not implemented yet: it needs " + route.capability() + "."));
                ctx.status(answer.code()).json(answer);
            });
        }
    }
}
