package dev.wagateway.http;

/** Told of every finished request (metrics), by its route template so a path's ids do not multiply the series. */
@FunctionalInterface
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = (method, route, status, millis) -> { };

    /**
     * @param route the matched route as registered ({@code /chats/{chat_jid}/messages}), or {@code unmatched}
     */
    void finished(String method, String route, int status, double millis);
}
