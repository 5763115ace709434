package dev.wagateway.protocol.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opens a tunnel through an HTTP proxy with {@code CONNECT host:port} (RFC 9110 §9.3.6), with Basic
 * {@code Proxy-Authorization} when the proxy setting carries a user. The host name goes to the proxy as given, so
 * the proxy resolves it. Any 2xx opens the tunnel; anything else is a clear {@link ProxyHandshakeException}.
 */
public final class HttpConnectHandshake {

    private HttpConnectHandshake() {
    }

    /**
     * Asks the proxy for a tunnel to {@code host:port} and reads its answer (bounded).
     *
     * @param in the proxy's answer, read with a deadline and without read-ahead
     * @throws ProxyHandshakeException when the proxy refuses or answers something else than HTTP
     */
    public static void open(InputStream in, OutputStream out, String host, int port, ProxySettings proxy)
            throws IOException {
        out.write(request(host, port, proxy.username(), proxy.password()).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ResponseHead head = ResponseHead.read(in, "the proxy");
        if (head.status() / 100 == 2) {
            return;
        }
        if (head.status() == 407) {
            throw new ProxyHandshakeException(proxy.username().isPresent()
                    ? "the proxy refused its credentials (407 Proxy Authentication Required)"
                    : "the proxy requires credentials (407 Proxy Authentication Required); put them in the proxy URL");
        }
        throw new ProxyHandshakeException("the proxy refused the tunnel to " + host + ":" + port + ": "
                + head.statusLine());
    }

    /** The {@code CONNECT} request. */
    static String request(String host, int port, Optional<String> user, Optional<String> password) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        user.ifPresent(name -> request.append("Proxy-Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                (name + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8))).append("\r\n"));
        return request.append("\r\n").toString();
    }
}
