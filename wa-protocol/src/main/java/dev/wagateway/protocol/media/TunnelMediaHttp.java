package dev.wagateway.protocol.media;

import dev.wagateway.protocol.proxy.ProxyTunnel;
import dev.wagateway.protocol.proxy.ResponseHead;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Media exchanges through the client's proxy: each request opens a tunnel ({@link ProxyTunnel}, the same code as
 * the chat connection), TLS to the media host (its certificate and name checked), one HTTP/1.1 request with
 * {@code Connection: close}, and the answer read from that connection. Every read waits at most the request
 * timeout. Redirects are not followed (WhatsApp's media hosts answer directly).
 */
final class TunnelMediaHttp implements MediaHttp {

    private final MediaTransferConfig config;
    private final ProxyTunnel tunnel;

    TunnelMediaHttp(MediaTransferConfig config, ProxyTunnel tunnel) {
        this.config = config;
        this.tunnel = tunnel;
    }

    @Override
    public Answer post(URI uri, Path body) throws IOException {
        return exchange("POST", uri, body);
    }

    @Override
    public Answer get(URI uri) throws IOException {
        return exchange("GET", uri, null);
    }

    private Answer exchange(String method, URI uri, Path body) throws IOException {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("media URLs must be https: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        Socket socket = tunnel.open(host, port, config.connectTimeout());
        try {
            Socket secure = ProxyTunnel.startTls(socket, host, port, config.sslContext(), config.connectTimeout(),
                    "the media host");
            secure.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, config.requestTimeout().toMillis())));
            OutputStream out = secure.getOutputStream();
            out.write(head(method, uri, body == null ? -1 : Files.size(body)).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try (InputStream file = Files.newInputStream(body)) {
                    file.transferTo(out);
                }
            }
            out.flush();
            InputStream in = new BufferedInputStream(secure.getInputStream(), 16 * 1024);
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
            InputStream bodyIn = chunked ? HttpBodyInput.chunked(in, secure)
                    : length.isPresent() ? HttpBodyInput.fixed(in, length.getAsLong(), secure)
                    : HttpBodyInput.untilClose(in, secure);
            return new Answer(answer.status(), length, bodyIn);
        } catch (IOException | RuntimeException e) {
            socket.close();
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
                .append("Referer: ").append(MediaTransfer.ORIGIN).append("/\r\n")
                .append("Connection: close\r\n");
        if (bodyLength >= 0) {
            head.append("Content-Type: application/octet-stream\r\n")
                    .append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Override
    public void close() {
        // nothing is pooled: each exchange closes its own connection
    }
}
