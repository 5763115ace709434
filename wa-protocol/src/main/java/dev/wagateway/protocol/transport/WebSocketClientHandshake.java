package dev.wagateway.protocol.transport;

import dev.wagateway.protocol.proxy.ProxyHandshakeException;
import dev.wagateway.protocol.proxy.ResponseHead;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The client side of the websocket opening handshake (RFC 6455 §4.1) over an already connected socket: the
 * {@code GET} with a random key and the web client's {@code Origin}, then the server's answer (bounded), which must
 * be {@code 101} with the key's accept value.
 */
public final class WebSocketClientHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketClientHandshake() {
    }

    /**
     * Upgrades the connection.
     *
     * @param in the server's answer, read with a deadline and without read-ahead
     * @throws IOException when the server does not accept the upgrade
     */
    public static void upgrade(InputStream in, OutputStream out, URI server, SecureRandom random) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        out.write(request(server, key).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ResponseHead head;
        try {
            head = ResponseHead.read(in, "the chat server");
        } catch (ProxyHandshakeException e) {
            throw new IOException("websocket handshake failed: " + e.getMessage(), e);
        }
        if (head.status() != 101) {
            throw new IOException("the chat server refused the websocket upgrade: " + head.statusLine());
        }
        if (!head.header("upgrade").map(v -> v.toLowerCase(Locale.ROOT)).orElse("").equals("websocket")
                || !head.header("sec-websocket-accept").orElse("").equals(accept(key))) {
            throw new IOException("the chat server answered an invalid websocket upgrade");
        }
    }

    static String request(URI server, String key) {
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        if (server.getRawQuery() != null) {
            path += "?" + server.getRawQuery();
        }
        boolean secure = "wss".equalsIgnoreCase(server.getScheme());
        int port = server.getPort();
        String host = server.getHost().indexOf(':') >= 0 ? "[" + server.getHost() + "]" : server.getHost();
        String hostHeader = port == -1 || port == (secure ? 443 : 80) ? host : host + ":" + port;
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: " + WebSocketFrameDialer.ORIGIN + "\r\n"
                + "\r\n";
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing", e);
        }
    }
}
