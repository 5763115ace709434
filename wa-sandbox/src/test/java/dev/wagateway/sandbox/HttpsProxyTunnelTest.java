package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.protocol.proxy.ProxyTunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An {@code https://} proxy: TLS to the proxy itself (its certificate from a CA of the test's own, made with the
 * sandbox's media CA code), then the {@code CONNECT} tunnel inside it, to an echo server on loopback. A proxy whose
 * certificate is not trusted is a clear TLS failure.
 */
class HttpsProxyTunnelTest {

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aTunnelInsideTlsToTheProxyCarriesBytesBothWays() throws Exception {
        MediaTls tls = MediaTls.create("127.0.0.1", SecureRandoms.create());
        int echo = echoServer();
        LoopbackConnectProxy proxyServer = LoopbackConnectProxy.overTls(tls);
        open.add(proxyServer);
        ProxySettings proxy = ProxySettings.parse("https://user:pw@127.0.0.1:" + proxyServer.port());
        try (Socket tunnel = new ProxyTunnel(proxy, tls.clientSslContext()).open("127.0.0.1", echo,
                Duration.ofSeconds(10))) {
            tunnel.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            tunnel.getOutputStream().flush();
            assertThat(new String(tunnel.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                    .isEqualTo("ping\n");
        }
        assertThat(proxyServer.requests()).singleElement().asString().startsWith("CONNECT 127.0.0.1:" + echo + " HTTP/1.1")
                .contains("Proxy-Authorization: Basic dXNlcjpwdw==");
    }

    @Test
    void anUntrustedProxyCertificateIsAClearTlsFailure() throws Exception {
        MediaTls tls = MediaTls.create("127.0.0.1", SecureRandoms.create());
        LoopbackConnectProxy proxyServer = LoopbackConnectProxy.overTls(tls);
        open.add(proxyServer);
        ProxySettings proxy = ProxySettings.parse("https://127.0.0.1:" + proxyServer.port());
        assertThatThrownBy(() -> new ProxyTunnel(proxy).open("127.0.0.1", 9, Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class).hasMessageContaining("TLS with the proxy failed");
        assertThat(proxyServer.requests()).isEmpty();
    }

    private int echoServer() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(server);
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept()) {
                client.getInputStream().transferTo(client.getOutputStream());
            } catch (IOException ignored) {
                // closed
            }
        });
        return server.getLocalPort();
    }
}
