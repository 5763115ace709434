package dev.wagateway.http.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An admin request that concerns every node's sessions ({@code GET /admin/devices/status}, {@code POST
 * /admin/devices/reconnect}) asked of the other live nodes too, in parallel, each answering for its own sessions
 * only: the request carries the node secret, so the node it reaches does not ask further. The admin secret is passed
 * on as it came. A node that does not answer in time or answers with an error is left out and named.
 */
public final class NodeFanOut {

    private static final Logger log = LoggerFactory.getLogger(NodeFanOut.class);
    /** Longer than a reconnect-all of a node's devices takes (each waits a bounded time for its login). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    /** A lone node: nobody else to ask. */
    public static final NodeFanOut LONE = new NodeFanOut(Map::of, Optional.empty(), null);

    private final Supplier<Map<String, String>> others;
    private final Optional<String> secret;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** One node's answer ({@code data} of its envelope), or why there is none. */
    public record Answer(String nodeId, Optional<JsonNode> data, String error) {
    }

    /**
     * @param others the other live nodes now: node id → advertised URL
     * @param secret {@code NODE_SECRET}
     */
    public NodeFanOut(Supplier<Map<String, String>> others, Optional<String> secret, HttpClient client) {
        this.others = others;
        this.secret = secret;
        this.client = client;
    }

    /**
     * Sends the request of {@code ctx} (method, path, query, admin secret) to every other live node at once; the
     * answers come with the returned future. None when this request itself came from a node ({@code forwarded}) or
     * there is no other node.
     */
    public CompletableFuture<List<Answer>> askOthers(Context ctx, boolean forwarded) {
        if (forwarded || secret.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        others.get().forEach((nodeId, url) -> pending.add(ask(ctx, nodeId, url)));
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(done -> pending.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<Answer> ask(Context ctx, String nodeId, String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String query = ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + ctx.path()
                        + (query == null ? "" : "?" + query)))
                .timeout(ANSWER_TIMEOUT)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.noBody())
                .header(NodeLink.SECRET_HEADER, secret.orElseThrow())
                .header("Accept-Encoding", "identity");
        String admin = ctx.header("X-Admin-Secret");
        if (admin != null) {
            request.header("X-Admin-Secret", admin);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        log.info("{} {}: node {} not reached at {} ({})", ctx.method(), ctx.path(), nodeId, url,
                                failure.getMessage());
                        return new Answer(nodeId, Optional.empty(), "not reached");
                    }
                    if (response.statusCode() != 200) {
                        return new Answer(nodeId, Optional.empty(), "answered " + response.statusCode());
                    }
                    try {
                        return new Answer(nodeId, Optional.of(json.readTree(response.body()).path("data")),
                                "");
                    } catch (IOException e) {
                        return new Answer(nodeId, Optional.empty(), "unreadable answer");
                    }
                });
    }
}
