package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.protocol.proxy.ProxyTunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
    private final List<String> requests = new CopyOnWriteArrayList<>();

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
        int proxyPort = tlsConnectProxy(tls);
        ProxySettings proxy = ProxySettings.parse("https://user:pw@127.0.0.1:" + proxyPort);
        try (Socket tunnel = new ProxyTunnel(proxy, tls.clientSslContext()).open("127.0.0.1", echo,
                Duration.ofSeconds(10))) {
            tunnel.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            tunnel.getOutputStream().flush();
            assertThat(new String(tunnel.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                    .isEqualTo("ping\n");
        }
        assertThat(requests).singleElement().asString().startsWith("CONNECT 127.0.0.1:" + echo + " HTTP/1.1")
                .contains("Proxy-Authorization: Basic dXNlcjpwdw==");
    }

    @Test
    void anUntrustedProxyCertificateIsAClearTlsFailure() throws Exception {
        MediaTls tls = MediaTls.create("127.0.0.1", SecureRandoms.create());
        int proxyPort = tlsConnectProxy(tls);
        ProxySettings proxy = ProxySettings.parse("https://127.0.0.1:" + proxyPort);
        assertThatThrownBy(() -> new ProxyTunnel(proxy).open("127.0.0.1", 9, Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class).hasMessageContaining("TLS with the proxy failed");
        assertThat(requests).isEmpty();
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

    /** A CONNECT proxy behind TLS: one connection, answered 200, then piped to the target. */
    private int tlsConnectProxy(MediaTls tls) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.serverKeyStore(), tls.keyStorePassword().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.write(b);
                }
                String request = head.toString(StandardCharsets.ISO_8859_1);
                requests.add(request);
                String target = request.split(" ")[1];
                try (Socket upstream = new Socket("127.0.0.1", Integer.parseInt(target.substring(
                        target.lastIndexOf(':') + 1)))) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                    Thread back = Thread.ofVirtual().start(() -> {
                        try {
                            upstream.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException ignored) {
                            // closed
                        }
                    });
                    in.transferTo(upstream.getOutputStream());
                    upstream.shutdownOutput();
                    back.join();
                }
            } catch (IOException | InterruptedException ignored) {
                // the client went away
            }
        });
        return server.getLocalPort();
    }
}
