package dev.wagateway.http;

import io.javalin.Javalin;

/** One resource group of the API (admin, devices, messages...): a thin translation between HTTP and a use case. */
public interface RouteGroup {

    /** Registers this group's routes, relative to the base path. */
    void register(Javalin app);
}
