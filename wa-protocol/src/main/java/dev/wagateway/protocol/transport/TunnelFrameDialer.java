package dev.wagateway.protocol.transport;

import dev.wagateway.protocol.proxy.DeadlineInput;
import dev.wagateway.protocol.proxy.ProxyTunnel;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Frame connections through a proxy: the tunnel ({@link ProxyTunnel}), TLS to the chat server for {@code wss}, the
 * websocket handshake, then a {@link SocketFrameConnection}. Dialling, tunnel and handshakes share one timeout.
 */
public final class TunnelFrameDialer implements FrameDialer {

    private final ProxyTunnel tunnel;
    private final SSLContext serverTls;
    private final int maxFrameSize;
    private final SecureRandom random;

    /**
     * @param tunnel       the proxy to go through
     * @param serverTls    the trust for a {@code wss} server's certificate
     * @param maxFrameSize largest incoming frame accepted
     */
    public TunnelFrameDialer(ProxyTunnel tunnel, SSLContext serverTls, int maxFrameSize, SecureRandom random) {
        this.tunnel = tunnel;
        this.serverTls = serverTls;
        this.maxFrameSize = maxFrameSize;
        this.random = random;
    }

    /** A dialer trusting the JDK's CAs for {@code wss} servers. */
    public static TunnelFrameDialer withDefaultTrust(ProxyTunnel tunnel, int maxFrameSize, SecureRandom random) {
        try {
            return new TunnelFrameDialer(tunnel, SSLContext.getDefault(), maxFrameSize, random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public FrameConnection dial(URI server, byte[] introHeader, Duration timeout, FrameListener listener)
            throws IOException {
        boolean secure = "wss".equalsIgnoreCase(server.getScheme());
        if (!secure && !"ws".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IOException("cannot connect to " + server + ": not a ws:// or wss:// URL");
        }
        int port = server.getPort() != -1 ? server.getPort() : secure ? 443 : 80;
        Instant deadline = Instant.now().plus(timeout);
        Socket socket;
        try {
            socket = tunnel.open(server.getHost(), port, timeout);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + server + " through the proxy " + tunnel.proxy() + ": "
                    + e.getMessage(), e);
        }
        try {
            Socket stream = secure ? ProxyTunnel.startTls(socket, server.getHost(), port, serverTls,
                    left(deadline), "the chat server") : socket;
            WebSocketClientHandshake.upgrade(new DeadlineInput(stream, left(deadline), "the chat server"),
                    stream.getOutputStream(), server, random);
            stream.setSoTimeout(0);
            SocketFrameConnection connection = new SocketFrameConnection(stream, introHeader, maxFrameSize, listener,
                    random);
            connection.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            if (e instanceof IOException io) {
                throw new IOException("cannot connect to " + server + " through the proxy " + tunnel.proxy() + ": "
                        + io.getMessage(), io);
            }
            throw e;
        }
    }

    private static Duration left(Instant deadline) throws IOException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new IOException("timed out");
        }
        return left;
    }
}
