package dev.wagateway.app.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** An HTTP proxy answering only {@code CONNECT}, asking for Basic credentials when given some. */
final class TestConnectProxy extends TestTunnelProxy {

    private final String expectedAuthorization;

    /** @param user null for a proxy without credentials */
    TestConnectProxy(String user, String password) throws IOException {
        super();
        this.expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    String handshake(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in);
        String authorization = null;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                authorization = header.substring(header.indexOf(':') + 1).strip();
            }
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[0].equals("CONNECT")) {
            out.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return null;
        }
        if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
            out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return null;
        }
        return parts[1];
    }

    @Override
    void connected(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("client went away");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
