package dev.wagateway.protocol.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;

/**
 * One TLS connection to a media host inside a proxy tunnel: the tunnel's socket, the TLS socket over it and the
 * buffered reader of its answers. Reused for the next request to the same host when an answer left it clean
 * ({@link IdleTunnels}); closing it closes the tunnel.
 */
final class TunnelConnection implements AutoCloseable {

    private final String destination;
    private final Socket tunnel;
    private final Socket secure;
    private final InputStream in;
    private Instant idleSince;

    TunnelConnection(String destination, Socket tunnel, Socket secure) throws IOException {
        this.destination = destination;
        this.tunnel = tunnel;
        this.secure = secure;
        this.in = new BufferedInputStream(secure.getInputStream(), 16 * 1024);
    }

    /** {@code host:port} of the media host. */
    String destination() {
        return destination;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() throws IOException {
        return secure.getOutputStream();
    }

    /** Every read waits at most {@code millis}. */
    void readTimeout(int millis) throws IOException {
        secure.setSoTimeout(millis);
    }

    /** Marks the connection idle from {@code now} (it went back to the pool). */
    void idleFrom(Instant now) {
        idleSince = now;
    }

    /** When it went idle, if it is. */
    Instant idleSince() {
        return idleSince;
    }

    boolean isOpen() {
        return !secure.isClosed() && !tunnel.isClosed();
    }

    @Override
    public void close() {
        try {
            secure.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            tunnel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
