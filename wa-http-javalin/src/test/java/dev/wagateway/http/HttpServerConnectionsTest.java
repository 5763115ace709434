package dev.wagateway.http;

import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an open keep-alive connection keeps: no cache of header fields (Jetty's default gives each connection a
 * 96-KiB one from its second request on; docs/benchmarks.md, "HTTP connections").
 */
class HttpServerConnectionsTest {

    @Test
    void keepAliveConnectionsParseWithoutAHeaderCache() throws Exception {
        RouteGroup echo = routes -> routes.add(new RouteSpec(0, "GET", "/test/echo", AuthScheme.NONE, "Test",
                "Answers", "nothing"), OperationShape.builder().build(), ctx -> ctx.result("ok"));
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, "", List.of("*"), 1 << 20, 1);
        try (HttpServer server = new HttpServer(settings, new AuthGate("admin-secret", null, null), List.of(echo));
             Socket socket = new Socket("127.0.0.1", server.start())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) { // the cache is built at a connection's second request
                out.write(("GET /test/echo HTTP/1.1\r\nHost: gateway.test\r\nUser-Agent: probe/1.0\r\n"
                        + "Accept: text/plain\r\nAuthorization: Bearer abc.def.ghi\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("ok");
            }
            List<HttpConnection> connections = new ArrayList<>();
            ServerConnector connector = (ServerConnector) server.jetty().getConnectors()[0];
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (endPoint.getConnection() instanceof HttpConnection http) {
                    connections.add(http);
                }
            }
            assertThat(connections).hasSize(1);
            assertThat(connections.getFirst().getParser().getHeaderCacheSize()).isZero();
        }
    }

    /** One response with a Content-Length body, read byte by byte (the connection stays open). */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed mid-response").isNotNegative();
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head.toString().trim() + new String(body, StandardCharsets.UTF_8);
    }
}
