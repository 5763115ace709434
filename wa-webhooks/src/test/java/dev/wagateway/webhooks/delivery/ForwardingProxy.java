package dev.wagateway.webhooks.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP forward proxy on loopback, written for the tests: it records every request it is sent and forwards
 * plain (absolute-form) requests to one loopback port, whatever host they name (the tests' names all stand for the
 * local receiver). It opens no tunnels: {@code CONNECT} is answered 403. Optionally it wants Basic credentials
 * first (407). One request per connection.
 */
final class ForwardingProxy implements AutoCloseable {

    /** A request as the proxy saw it. */
    record Seen(String method, String target, Map<String, String> headers) {
    }

    private static final int LINE_LIMIT = 8192;
    private static final int HEADER_LIMIT = 100;
    private static final int BODY_LIMIT = 1 << 20;

    private final ServerSocket server;
    private final int upstreamPort;
    private final String requiredAuthorization;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** @param requiredAuthorization the {@code Proxy-Authorization} value wanted, or {@code null} for none */
    ForwardingProxy(int upstreamPort, String requiredAuthorization) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.requiredAuthorization = requiredAuthorization;
        Thread.ofVirtual().name("test-proxy").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            String[] requestLine = line(in).split(" ");
            if (requestLine.length != 3) {
                answer(out, "400 Bad Request", "");
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon <= 0 || headers.size() >= HEADER_LIMIT) {
                    answer(out, "400 Bad Request", "");
                    return;
                }
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
            seen.add(new Seen(requestLine[0], requestLine[1], Map.copyOf(headers)));
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(headers.get("proxy-authorization"))) {
                answer(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n");
                return;
            }
            if (requestLine[0].equals("CONNECT")) {
                answer(out, "403 Forbidden", "");
                return;
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            if (length < 0 || length > BODY_LIMIT) {
                answer(out, "413 Content Too Large", "");
                return;
            }
            byte[] body = in.readNBytes(length);
            URI target = URI.create(requestLine[1]);
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                StringBuilder forwarded = new StringBuilder(requestLine[0] + " " + path + " HTTP/1.1\r\n");
                headers.forEach((name, value) -> {
                    if (!name.startsWith("proxy-") && !name.equals("connection")) {
                        forwarded.append(name).append(": ").append(value).append("\r\n");
                    }
                });
                forwarded.append("connection: close\r\n\r\n");
                OutputStream toUpstream = upstream.getOutputStream();
                toUpstream.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                toUpstream.write(body);
                toUpstream.flush();
                upstream.getInputStream().transferTo(out); // the receiver closes after its answer
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something this proxy does not speak: the connection just ends
        }
    }

    private static void answer(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() >= LINE_LIMIT) {
                throw new IOException("no complete line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
