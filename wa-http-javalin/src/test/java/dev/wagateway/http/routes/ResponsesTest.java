package dev.wagateway.http.routes;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.HttpServer;
import dev.wagateway.http.HttpSettings;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Envelopes written by {@link Responses} straight to the response stream answer exactly as {@code ctx.json} did:
 * same status, type, compression and bytes, small and large, with and without {@code Accept-Encoding: gzip}.
 */
class ResponsesTest {

    private static final Map<String, Object> SMALL = Map.of("message_id", "3EB0ABCDEF", "status", "sent");
    private static final Map<String, Object> LARGE = new LinkedHashMap<>();

    static {
        for (int i = 0; i < 100; i++) {
            LARGE.put("field_" + i, "ünïcödé value " + i); // over the 1,500 bytes from which answers are compressed
        }
    }

    @Test
    void answersAsCtxJsonDid() throws Exception {
        RouteGroup group = routes -> {
            route(routes, "/direct/small", ctx -> Responses.ok(ctx, "Success small", SMALL));
            route(routes, "/json/small", ctx -> ctx.status(200).json(Envelope.success(200, "Success small", SMALL)));
            route(routes, "/direct/large", ctx -> Responses.ok(ctx, "Success large", LARGE));
            route(routes, "/json/large", ctx -> ctx.status(200).json(Envelope.success(200, "Success large", LARGE)));
            route(routes, "/direct/none", ctx -> Responses.ok(ctx, "Success none"));
            route(routes, "/json/none", ctx -> ctx.status(200).json(Envelope.success(200, "Success none", null)));
            route(routes, "/direct/created", ctx -> Responses.created(ctx, "Made", SMALL));
            route(routes, "/json/created", ctx -> ctx.status(201).json(Envelope.success(201, "Made", SMALL)));
        };
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, "", List.of("*"), 1 << 20, 1);
        try (HttpServer server = new HttpServer(settings, new AuthGate("admin-secret", null, null), List.of(group));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            int port = server.start();
            for (String kind : List.of("small", "large", "none", "created")) {
                for (boolean gzip : List.of(false, true)) {
                    Answer direct = get(http, port, "/direct/" + kind, gzip);
                    Answer json = get(http, port, "/json/" + kind, gzip);
                    assertThat(direct).as(kind + " gzip=" + gzip).isEqualTo(json);
                    assertThat(direct.encoding()).isEqualTo(gzip && kind.equals("large") ? "gzip" : "");
                }
            }
            assertThat(get(http, port, "/direct/large", false).body()).contains("ünïcödé value 99");
        }
    }

    private static void route(dev.wagateway.http.RouteRegistry routes, String path, io.javalin.http.Handler handler) {
        routes.add(new RouteSpec(0, "GET", path, AuthScheme.NONE, "Test", "An envelope", "nothing"),
                OperationShape.builder().build(), handler);
    }

    /** What a client sees of an answer (the body decompressed), without the request id. */
    private record Answer(int status, String type, String encoding, boolean lengthKnown, String body) {
    }

    private static Answer get(HttpClient http, int port, String path, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String encoding = response.headers().firstValue("Content-Encoding").orElse("");
        byte[] body = encoding.equals("gzip") ? gunzip(response.body()) : response.body();
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), encoding,
                response.headers().firstValue("Content-Length").isPresent(), new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }
}
