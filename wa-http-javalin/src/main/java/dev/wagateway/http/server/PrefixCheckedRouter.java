package dev.wagateway.http.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Javalin's router, with each route's literal prefix compared before its regular expression is tried.
 *
 * <p>Javalin looks a request up by trying every route of its method in registration order, each with a new
 * {@code Matcher}, and does so several times per request (the handler, then its roles, then the before and after
 * handlers): with about a hundred routes, a request to one registered late ran dozens of failing matches. A route's
 * literal leading segments are quoted in its expression, matching is case-sensitive and no option here merges
 * slashes, so a route can only match a path that starts with those segments; {@link String#startsWith} rules out
 * the others. The same routes are found, in the same order, through Javalin's own matching.
 */
public final class PrefixCheckedRouter extends InternalRouter {

    /** Per handler type, in registration order; replaced whole on each registration (all before the start). */
    private volatile Map<HandlerType, List<Route>> routes = new EnumMap<>(HandlerType.class);

    /** @param config the configuration being built, whose router this replaces */
    public PrefixCheckedRouter(JavalinConfig config) {
        super(config.pvt.wsRouter, config.pvt.eventManager, config.router, config.jetty);
        if (config.router.caseInsensitiveRoutes || config.router.treatMultipleSlashesAsSingleSlash) {
            // either option makes a route match paths that do not start with its literal segments
            throw new IllegalStateException("prefix checks need case-sensitive routes with single slashes");
        }
    }

    @Override
    public InternalRouter addHttpEndpoint(Endpoint endpoint) {
        super.addHttpEndpoint(endpoint);
        ParsedEndpoint parsed = allHttpHandlers().stream().filter(entry -> entry.getEndpoint() == endpoint)
                .reduce((first, second) -> second).orElseThrow();
        Map<HandlerType, List<Route>> next = new EnumMap<>(routes);
        List<Route> ofType = new ArrayList<>(next.getOrDefault(endpoint.getMethod(), List.of()));
        ofType.add(new Route(parsed, literalPrefix(endpoint.getPath())));
        next.put(endpoint.getMethod(), List.copyOf(ofType));
        routes = next;
        return this;
    }

    @Override
    public Stream<ParsedEndpoint> findHttpHandlerEntries(HandlerType handlerType, String requestUri) {
        if (requestUri == null) {
            return super.findHttpHandlerEntries(handlerType, null);
        }
        return routes.getOrDefault(handlerType, List.of()).stream().filter(route -> route.matches(requestUri))
                .map(Route::parsed);
    }

    @Override
    public boolean hasHttpHandlerEntry(HandlerType handlerType, String requestUri) {
        for (Route route : routes.getOrDefault(handlerType, List.of())) {
            if (route.matches(requestUri)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path every match of {@code path} starts with: its leading literal segments, each followed by a slash when
     * more segments follow ({@code /chats/{chat}/messages} → {@code /chats/}, {@code /chats} → {@code /chats}).
     */
    static String literalPrefix(String path) {
        StringBuilder prefix = new StringBuilder("/");
        String[] segments = path.split("/");
        List<String> nonEmpty = new ArrayList<>();
        for (String segment : segments) {
            if (!segment.isEmpty()) {
                nonEmpty.add(segment);
            }
        }
        for (int i = 0; i < nonEmpty.size(); i++) {
            String segment = nonEmpty.get(i);
            if (segment.chars().anyMatch(c -> c == '{' || c == '}' || c == '<' || c == '>' || c == '*')) {
                break;
            }
            prefix.append(segment);
            if (i < nonEmpty.size() - 1) {
                prefix.append('/');
            }
        }
        return prefix.toString();
    }

    /** A route and the prefix of every path it matches. */
    private record Route(ParsedEndpoint parsed, String prefix) {

        /** Javalin's own test ({@code PathMatcher.match}), after the prefix. */
        boolean matches(String requestUri) {
            String path = parsed.getEndpoint().getPath();
            if (path.equals("*") || path.equals(requestUri)) {
                return true;
            }
            return requestUri.startsWith(prefix) && parsed.matches(requestUri);
        }
    }
}
