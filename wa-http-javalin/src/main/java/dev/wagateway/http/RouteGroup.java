package dev.wagateway.http;

import io.javalin.Javalin;

import java.util.Set;

/** One resource group of the API (admin, devices, messages...): a thin translation between HTTP and a use case. */
public interface RouteGroup {

    /** Registers this group's routes, relative to the base path. */
    void register(Javalin app);

    /** {@code "METHOD path"} of the catalog routes this group implements (they leave the 501 list). */
    default Set<String> implemented() {
        return Set.of();
    }
}
