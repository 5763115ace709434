package dev.wagateway.protocol.proxy;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Opens TCP connections to a target through one proxy: the socket to the proxy (TLS to it for an {@code https}
 * proxy), then the proxy's handshake ({@link HttpConnectHandshake} or {@link Socks5Handshake}). The whole of it is
 * bounded by one timeout; the socket returned is a plain byte pipe to the target, with no read timeout left on it.
 * The one implementation of each handshake: the chat websocket and media transfers both come here.
 */
public final class ProxyTunnel {

    private final ProxySettings proxy;
    private final SSLContext proxyTls;

    /** A tunnel whose {@code https} proxies are checked against the JDK's trusted CAs. */
    public ProxyTunnel(ProxySettings proxy) {
        this(proxy, defaultTls());
    }

    /** @param proxyTls the TLS trust for an {@code https} proxy's own certificate */
    public ProxyTunnel(ProxySettings proxy, SSLContext proxyTls) {
        this.proxy = proxy;
        this.proxyTls = proxyTls;
    }

    /** The proxy this tunnel goes through. */
    public ProxySettings proxy() {
        return proxy;
    }

    /**
     * A connection to {@code host:port} through the proxy.
     *
     * @throws IOException a {@link ProxyHandshakeException} when the proxy refuses or does not answer in time,
     *                     another {@link IOException} when the proxy cannot be reached
     */
    public Socket open(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), (int) Math.max(1, timeout.toMillis()));
            } catch (SocketTimeoutException e) {
                throw new ProxyHandshakeException("the proxy " + proxy + " could not be reached in time");
            } catch (IOException e) {
                throw new IOException("cannot reach the proxy " + proxy + ": " + e.getMessage(), e);
            }
            socket.setTcpNoDelay(true);
            Socket toProxy = proxy.scheme() == ProxyScheme.HTTPS
                    ? startTls(socket, proxy.host(), proxy.port(), proxyTls, timeout, "the proxy") : socket;
            DeadlineInput in = new DeadlineInput(toProxy, timeout, "the proxy");
            OutputStream out = toProxy.getOutputStream();
            switch (proxy.scheme()) {
                case HTTP, HTTPS -> HttpConnectHandshake.open(in, out, host, port, proxy);
                case SOCKS5 -> Socks5Handshake.open(in, out, host, port, proxy);
            }
            toProxy.setSoTimeout(0);
            return toProxy;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Starts TLS to {@code host} over an open socket (a tunnel), checking the certificate against {@code tls} and
     * the host name, with SNI for names; bounded by {@code timeout}.
     */
    public static SSLSocket startTls(Socket socket, String host, int port, SSLContext tls, Duration timeout,
                                     String peer) throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            secure.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new ProxyHandshakeException(peer + " did not complete TLS in time");
        } catch (IOException e) {
            throw new IOException("TLS with " + peer + " failed: " + e.getMessage(), e);
        }
        secure.setSoTimeout(0);
        return secure;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
        }
    }
}
