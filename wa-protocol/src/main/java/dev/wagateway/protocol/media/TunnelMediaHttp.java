package dev.wagateway.protocol.media;

import dev.wagateway.protocol.proxy.ProxyTunnel;
import dev.wagateway.protocol.proxy.ResponseHead;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Media exchanges through the client's proxy: a tunnel ({@link ProxyTunnel}, the same code as the chat connection),
 * TLS to the media host (its certificate and name checked), HTTP/1.1 requests, and the answers read from that
 * connection. Every read waits at most the request timeout.
 *
 * <p>As the direct client does ({@link JdkMediaHttp}, the JDK's {@code Redirect.NORMAL}): redirects (301, 302, 303,
 * 307, 308 with a {@code Location}) are followed to {@code https://} targets only, at most {@link #MAX_REDIRECTS}
 * hops, a POST turning into a GET after a 301, 302 or 303; beyond the bound, or towards another scheme, the redirect
 * itself is the answer. A connection whose answer was read to its end (and not marked {@code Connection: close}) is
 * kept for the next exchange with that host ({@link IdleTunnels}); a kept one the host or proxy dropped meanwhile is
 * replaced by a new tunnel once.
 */
final class TunnelMediaHttp implements MediaHttp {

    /** The JDK client's default bound ({@code jdk.httpclient.redirects.retrylimit}). */
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** A redirect's own body is read (so the connection can be reused) up to this much, else dropped. */
    private static final int MAX_REDIRECT_BODY = 64 * 1024;

    private final MediaTransferConfig config;
    private final ProxyTunnel tunnel;
    private final IdleTunnels idle;

    TunnelMediaHttp(MediaTransferConfig config, ProxyTunnel tunnel) {
        this(config, tunnel, Clock.systemUTC());
    }

    TunnelMediaHttp(MediaTransferConfig config, ProxyTunnel tunnel, Clock clock) {
        this.config = config;
        this.tunnel = tunnel;
        this.idle = new IdleTunnels(clock);
    }

    @Override
    public Answer post(URI uri, Path body) throws IOException {
        return follow("POST", uri, body);
    }

    @Override
    public Answer get(URI uri) throws IOException {
        return follow("GET", uri, null);
    }

    private Answer follow(String method, URI uri, Path body) throws IOException {
        URI current = uri;
        String currentMethod = method;
        Path currentBody = body;
        for (int hop = 0; ; hop++) {
            URI base = current;
            Exchanged answer = exchange(currentMethod, base, currentBody);
            Optional<URI> next = hop < MAX_REDIRECTS && REDIRECTS.contains(answer.answer().status())
                    ? answer.location().flatMap(location -> target(base, location)) : Optional.empty();
            if (next.isEmpty()) {
                return answer.answer();
            }
            try (InputStream redirectBody = answer.answer().body()) {
                if (answer.answer().contentLength().orElse(Long.MAX_VALUE) <= MAX_REDIRECT_BODY) {
                    redirectBody.readAllBytes(); // a small body read to its end: the connection is reused
                }
            }
            int status = answer.answer().status();
            if (status == 303 || (currentMethod.equals("POST") && (status == 301 || status == 302))) {
                currentMethod = "GET";
                currentBody = null;
            }
            current = next.get();
        }
    }

    /** Where a redirect goes: an {@code https://} URL with a host, relative ones resolved against {@code base}. */
    private static Optional<URI> target(URI base, String location) {
        try {
            URI resolved = base.resolve(location.strip());
            return "https".equalsIgnoreCase(resolved.getScheme()) && resolved.getHost() != null
                    ? Optional.of(resolved) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unparsable Location: the redirect is the answer
        }
    }

    /** An answer and its {@code Location}, if any. */
    private record Exchanged(Answer answer, Optional<String> location) {
    }

    private Exchanged exchange(String method, URI uri, Path body) throws IOException {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("media URLs must be https: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        String destination = host + ":" + port;
        Optional<TunnelConnection> kept = idle.take(destination);
        if (kept.isPresent()) {
            try {
                return exchangeOn(kept.get(), method, uri, body);
            } catch (IOException e) {
                kept.get().close(); // dropped while idle: once more on a new tunnel
            }
        }
        return exchangeOn(open(host, port, destination), method, uri, body);
    }

    private TunnelConnection open(String host, int port, String destination) throws IOException {
        Socket socket = tunnel.open(host, port, config.connectTimeout());
        try {
            Socket secure = ProxyTunnel.startTls(socket, host, port, config.sslContext(), config.connectTimeout(),
                    "the media host");
            return new TunnelConnection(destination, socket, secure);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Exchanged exchangeOn(TunnelConnection connection, String method, URI uri, Path body) throws IOException {
        try {
            connection.readTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, config.requestTimeout().toMillis())));
            OutputStream out = connection.out();
            out.write(head(method, uri, body == null ? -1 : Files.size(body)).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try (InputStream file = Files.newInputStream(body)) {
                    file.transferTo(out);
                }
            }
            out.flush();
            InputStream in = connection.in();
            ResponseHead answer = ResponseHead.read(in, "the media host");
            boolean chunked = answer.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT))
                    .filter(v -> v.contains("chunked")).isPresent();
            OptionalLong length = OptionalLong.empty();
            if (!chunked && answer.header("content-length").isPresent()) {
                try {
                    length = OptionalLong.of(Long.parseLong(answer.header("content-length").get().strip()));
                } catch (NumberFormatException e) {
                    throw new IOException("the media host sent an invalid Content-Length");
                }
                if (length.getAsLong() < 0) {
                    throw new IOException("the media host sent an invalid Content-Length");
                }
            }
            boolean reusable = answer.header("connection").map(v -> v.toLowerCase(Locale.ROOT))
                    .filter(v -> v.contains("close")).isEmpty();
            HttpBodyInput.Release release = complete -> {
                if (complete && reusable) {
                    idle.put(connection);
                } else {
                    connection.close();
                }
            };
            InputStream bodyIn = chunked ? HttpBodyInput.chunked(in, release)
                    : length.isPresent() ? HttpBodyInput.fixed(in, length.getAsLong(), release)
                    : HttpBodyInput.untilClose(in, release);
            return new Exchanged(new Answer(answer.status(), length, bodyIn), answer.header("location"));
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static String head(String method, URI uri, long bodyLength) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = uri.getHost().indexOf(':') >= 0 ? "[" + uri.getHost() + "]" : uri.getHost();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getPort() == -1 ? host : host + ":" + uri.getPort()).append("\r\n")
                .append("Origin: ").append(MediaTransfer.ORIGIN).append("\r\n")
                .append("Referer: ").append(MediaTransfer.ORIGIN).append("/\r\n");
        if (bodyLength >= 0) {
            head.append("Content-Type: application/octet-stream\r\n")
                    .append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Override
    public void close() {
        idle.close();
    }
}
