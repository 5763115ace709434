package dev.wagateway.http.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefix-checked router finds exactly what Javalin's own router finds, in the same order. */
class PrefixCheckedRouterTest {

    private static final List<String> ROUTES = List.of("*", "/", "/chats", "/chats/{chat_jid}",
            "/chats/{chat_jid}/messages", "/chats/{chat_jid}/images", "/chats/{chat_jid}/archive",
            "/groups/invite/{code}", "/groups/{group_jid}", "/groups/{group_jid}/participants/{action}",
            "/docs/swagger.json", "/docs/<path>", "/docs", "/api/devices/me/status", "/api/devices/{id}",
            "/messages/{message_id}/read", "/files/*", "/x{name}y/z", "/devices/me/", "/sandbox/phones/{phone}/messages");

    @Test
    void literalPrefixes() {
        assertThat(PrefixCheckedRouter.literalPrefix("/chats/{chat_jid}/messages")).isEqualTo("/chats/");
        assertThat(PrefixCheckedRouter.literalPrefix("/chats")).isEqualTo("/chats");
        assertThat(PrefixCheckedRouter.literalPrefix("/devices/me/")).isEqualTo("/devices/me");
        assertThat(PrefixCheckedRouter.literalPrefix("/")).isEqualTo("/");
        assertThat(PrefixCheckedRouter.literalPrefix("/x{name}y/z")).isEqualTo("/");
        assertThat(PrefixCheckedRouter.literalPrefix("/files/*")).isEqualTo("/files/");
    }

    @Test
    void findsWhatJavalinFinds() {
        InternalRouter javalin = router(false);
        InternalRouter checked = router(true);
        assertThat(checked).isInstanceOf(PrefixCheckedRouter.class);
        for (String path : requestPaths()) {
            for (HandlerType type : List.of(HandlerType.GET, HandlerType.POST, HandlerType.BEFORE)) {
                assertThat(found(checked, type, path)).as(type + " " + path).isEqualTo(found(javalin, type, path));
                assertThat(checked.hasHttpHandlerEntry(type, path)).as(type + " " + path)
                        .isEqualTo(javalin.hasHttpHandlerEntry(type, path));
            }
        }
        assertThat(found(checked, HandlerType.POST, "/chats/1@s.whatsapp.net/messages"))
                .containsExactly("POST /chats/{chat_jid}/messages");
    }

    private static InternalRouter router(boolean prefixChecked) {
        JavalinConfig config = new JavalinConfig();
        config.router.ignoreTrailingSlashes = true;
        InternalRouter router = prefixChecked ? new PrefixCheckedRouter(config)
                : new InternalRouter(config.pvt.wsRouter, config.pvt.eventManager, config.router, config.jetty);
        for (String route : ROUTES) {
            if (route.equals("*")) {
                router.addHttpEndpoint(new Endpoint(HandlerType.BEFORE, route, ctx -> { }));
                continue;
            }
            router.addHttpEndpoint(new Endpoint(HandlerType.GET, route, ctx -> { }));
            router.addHttpEndpoint(new Endpoint(HandlerType.POST, route, ctx -> { }));
        }
        return router;
    }

    private static List<String> found(InternalRouter router, HandlerType type, String path) {
        return router.findHttpHandlerEntries(type, path).map(ParsedEndpoint::getEndpoint)
                .map(endpoint -> endpoint.getMethod() + " " + endpoint.getPath()).toList();
    }

    private static List<String> requestPaths() {
        List<String> paths = new ArrayList<>(List.of("", "/", "//", "/chats", "/chats/", "/Chats", "/chats//messages",
                "/docs/swaggerXjson", "/docs/swagger.json/", "/docs/a/b/c", "/devices/me", "/devices/me/",
                "/devices/me//", "/xay/z", "/xy/z", "/files", "/files/", "/files/a/b", "/api/devices/me/status",
                "/api//devices/me/status"));
        paths.addAll(ROUTES);
        String[] segments = {"", "chats", "1@s.whatsapp.net", "messages", "images", "groups", "invite", "docs",
                "swagger.json", "api", "devices", "me", "status", "files", "x", "xay", "z", "sandbox", "phones",
                "participants", "{chat_jid}", "%2F", "*"};
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder();
            int n = 1 + random.nextInt(5);
            for (int j = 0; j < n; j++) {
                path.append('/').append(segments[random.nextInt(segments.length)]);
            }
            if (random.nextInt(6) == 0) {
                path.append('/');
            }
            paths.add(path.toString());
        }
        return paths;
    }
}
