package dev.wagateway.http;

/**
 * One resource group of the API (admin, devices, chats, messages...): a thin translation between HTTP and a use
 * case. It registers every route of its group, the built ones and those still answering 501.
 */
public interface RouteGroup {

    /** Registers this group's routes, relative to the base path. */
    void register(RouteRegistry routes);
}
