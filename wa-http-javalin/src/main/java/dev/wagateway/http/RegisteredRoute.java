package dev.wagateway.http;

import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;

import java.util.Optional;

/**
 * A route as the server registered it.
 *
 * @param implemented false for a route that answers 501 until its capability exists
 * @param atRoot      registered outside {@code HTTP_BASE_URL} (the favicon)
 * @param shape       what it takes and answers, when its route class describes it (otherwise the catalog's)
 */
public record RegisteredRoute(RouteSpec spec, boolean implemented, boolean atRoot, Optional<OperationShape> shape) {

    /** {@code "METHOD path"}, the path relative to the base path. */
    public String key() {
        return spec.method() + " " + spec.path();
    }
}
