package dev.wagateway.http.node;

import dev.wagateway.http.Envelope;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a request to the node holding its device and relays the answer as it comes (status, headers, body), adding
 * the node secret. Hop-by-hop headers are not passed on; the holder is asked for an uncompressed answer (this server
 * compresses what it relays itself). An unreachable holder is a hand-over: 503 with {@code Retry-After}.
 */
public final class RequestForwarder {

    private static final Logger log = LoggerFactory.getLogger(RequestForwarder.class);
    /** Longer than any wait of a device call (a send waits 30 s for WhatsApp, a login up to a minute). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);
    private static final Set<String> NOT_PASSED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection",
            "accept-encoding", "http2-settings", NodeLink.SECRET_HEADER.toLowerCase(Locale.ROOT));
    private static final Set<String> NOT_RELAYED = Set.of("content-length", "connection", "transfer-encoding",
            "keep-alive", "content-encoding", "date", "server", "x-request-id");

    private final NodeLink link;
    private final HttpClient client;

    public RequestForwarder(NodeLink link, HttpClient client) {
        this.link = link;
        this.client = client;
    }

    /** Forwards the request of {@code ctx} as {@code forward} says, and writes the holder's answer to it. */
    public void forward(Context ctx, ForwardRequest forward) {
        String base = forward.advertiseUrl().endsWith("/")
                ? forward.advertiseUrl().substring(0, forward.advertiseUrl().length() - 1) : forward.advertiseUrl();
        String query = ctx.queryString();
        URI target = URI.create(base + ctx.path() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(ANSWER_TIMEOUT)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
        for (String name : ctx.headerMap().keySet()) {
            if (!NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : ctx.req().getHeaders(name) == null ? java.util.List.<String>of()
                        : java.util.Collections.list(ctx.req().getHeaders(name))) {
                    request.header(name, value);
                }
            }
        }
        request.header("Accept-Encoding", "identity");
        link.secret().ifPresent(secret -> request.header(NodeLink.SECRET_HEADER,
                new String(secret, java.nio.charset.StandardCharsets.UTF_8)));
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.info("{} {}: node {} not reached at {} ({})", ctx.method(), ctx.path(), forward.nodeId(),
                    forward.advertiseUrl(), e.getMessage());
            ctx.header("Retry-After", "2");
            ctx.status(503).json(Envelope.failure(503, "the device is changing gateway nodes; try again"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.header("Retry-After", "2");
            ctx.status(503).json(Envelope.failure(503, "the device is changing gateway nodes; try again"));
            return;
        }
        ctx.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> ctx.res().addHeader(name, value));
            }
        });
        ctx.header("X-Served-By-Node", forward.nodeId());
        ctx.result(answer.body());
    }
}
