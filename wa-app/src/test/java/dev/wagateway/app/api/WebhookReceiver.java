package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static dev.wagateway.app.api.ReadmeFlowTest.await;

/**
 * A webhook endpoint on loopback for the API tests: real HTTP, answering 200 to every delivery and keeping each
 * body (the §7 envelope) in arrival order, for a test to wait for the event it expects.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listening on a free loopback port. */
    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                receiver.delivered.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This receiver's URL with {@code path} (which starts with a slash). */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every delivery so far, in arrival order. */
    List<JsonNode> delivered() {
        return delivered;
    }

    /** The {@code data} of the first delivered {@code type} event that {@code wanted} accepts, awaited. */
    JsonNode awaitEvent(String type, Predicate<JsonNode> wanted) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            for (JsonNode event : delivered) {
                if (event.path("event_type").asText().equals(type) && wanted.test(event.path("data"))) {
                    found[0] = event.path("data");
                    return true;
                }
            }
            return false;
        }, "a " + type + " event");
        return found[0];
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
