package dev.wagateway.protocol.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proxy handshakes against a loopback server that answers with canned bytes: good answers open the tunnel and
 * leave the bytes after the answer to the tunnel's user; malformed, refused, oversized, cut or missing answers are
 * clear {@link ProxyHandshakeException}s, bounded by the handshake's deadline.
 */
class ProxyHandshakesTest {

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectSendsBasicCredentialsAndTheHostNameAndLeavesTheTunnelBytes() throws Exception {
        CompletableFuture<String> request = serve(head -> "HTTP/1.1 200 Connection established\r\nX: y\r\n\r\nHELLO",
                "\r\n\r\n");
        ProxySettings proxy = ProxySettings.parse("http://al%40ice:pa%3Ass@127.0.0.1:" + server.getLocalPort());
        try (Socket tunnel = new ProxyTunnel(proxy).open("web.whatsapp.com", 443, Duration.ofSeconds(5))) {
            assertThat(new String(tunnel.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                    .isEqualTo("HELLO");
        }
        assertThat(request.get()).startsWith("CONNECT web.whatsapp.com:443 HTTP/1.1\r\n")
                .contains("Host: web.whatsapp.com:443\r\n")
                .contains("Proxy-Authorization: Basic " + java.util.Base64.getEncoder()
                        .encodeToString("al@ice:pa:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void connectRefusalsAreNamed() throws Exception {
        assertRefused("http", "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", "requires credentials (407");
        assertRefused("http", "HTTP/1.1 403 Forbidden\r\n\r\n", "refused the tunnel to web.whatsapp.com:443: 403");
        assertRefused("http", "SSH-2.0-OpenSSH\r\n", "did not answer with HTTP");
        assertRefused("http", "HTTP/1.1 2x0 OK\r\n\r\n", "invalid status line");
        assertRefused("http", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "invalid header line");
        assertRefused("http", "HTTP/1.1 200 OK\r\nX: " + "a".repeat(20_000) + "\r\n\r\n", "larger than");
        assertRefused("http", "HTTP/1.1 200 OK\r\nX: y\r\n", "closed the connection");
    }

    @Test
    void aSilentProxyIsATimeoutNotAHang() throws Exception {
        serveSilently();
        ProxySettings proxy = ProxySettings.parse("socks5://127.0.0.1:" + server.getLocalPort());
        assertThatThrownBy(() -> new ProxyTunnel(proxy).open("example.com", 443, Duration.ofMillis(300)))
                .isInstanceOf(ProxyHandshakeException.class).hasMessageContaining("did not answer in time");
    }

    @Test
    void socksWithPasswordSendsTheNameForRemoteResolution() throws Exception {
        CompletableFuture<byte[]> request = serveBytes(new byte[]{5, 2, 1, 0, 5, 0, 0, 3, 4, 'h', 'o', 's', 't', 1, (byte) 0xBB,
                'O', 'K'}, 4 + 13 + 23);
        ProxySettings proxy = ProxySettings.parse("socks5h://user:secret@127.0.0.1:" + server.getLocalPort());
        try (Socket tunnel = new ProxyTunnel(proxy).open("web.whatsapp.com", 443, Duration.ofSeconds(5))) {
            assertThat(new String(tunnel.getInputStream().readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("OK");
        }
        byte[] sent = request.get();
        assertThat(Arrays.copyOfRange(sent, 0, 4)).containsExactly(5, 2, 0, 2);
        assertThat(new String(sent, 4, 13, StandardCharsets.US_ASCII)).isEqualTo("\u0001\u0004user\u0006secret");
        byte[] connect = Arrays.copyOfRange(sent, 4 + 3 + 4 + 6, sent.length);
        assertThat(Arrays.copyOfRange(connect, 0, 5)).containsExactly(5, 1, 0, 3, 16);
        assertThat(new String(connect, 5, 16, StandardCharsets.US_ASCII)).isEqualTo("web.whatsapp.com");
        assertThat(Arrays.copyOfRange(connect, 21, 23)).containsExactly(1, (byte) 0xBB);
    }

    @Test
    void socksRefusalsAndMalformedAnswersAreNamed() throws Exception {
        assertSocksRefused(null, new byte[]{5, (byte) 0xFF}, "requires authentication");
        assertSocksRefused("u:p", new byte[]{5, 2, 1, 1}, "refused the user name or password");
        assertSocksRefused(null, new byte[]{4, 0}, "does not speak SOCKS5");
        assertSocksRefused(null, new byte[]{5, 2}, "chose password authentication, which was not offered");
        assertSocksRefused(null, new byte[]{5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0}, "connection refused (5)");
        assertSocksRefused(null, new byte[]{5, 0, 5, 0, 0, 9}, "unknown address type 9");
        assertSocksRefused(null, new byte[]{5, 0, 5, 0, 0, 1, 127}, "closed the connection");
    }

    @Test
    void addressLiteralsGoAsAddresses() throws Exception {
        assertThat(Socks5Handshake.connectRequest("10.1.2.3", 80)).containsExactly(5, 1, 0, 1, 10, 1, 2, 3, 0, 80);
        byte[] v6 = Socks5Handshake.connectRequest("::1", 443);
        assertThat(v6[3]).isEqualTo((byte) 4);
        assertThat(v6).hasSize(4 + 16 + 2);
        assertThatThrownBy(() -> Socks5Handshake.connectRequest("a".repeat(256), 80))
                .hasMessageContaining("255 bytes");
    }

    @Test
    void settingsParseAndNeverShowThePassword() {
        ProxySettings proxy = ProxySettings.parse("http://user:top-secret@proxy.example.com");
        assertThat(proxy.port()).isEqualTo(80);
        assertThat(proxy.toString()).isEqualTo("http://user:***@proxy.example.com:80").doesNotContain("top-secret");
        assertThat(ProxySettings.parse("socks5://[::1]").maskedUrl()).isEqualTo("socks5://[::1]:1080");
        assertThat(ProxySettings.parse("https://u@h:8443").maskedUrl()).isEqualTo("https://u@h:8443");
        assertThatThrownBy(() -> ProxySettings.parse("socks4://h:1")).hasMessageContaining("must start with");
        assertThatThrownBy(() -> ProxySettings.parse("http://user:top-secret@:1"))
                .hasMessageNotContaining("top-secret");
    }

    private void assertRefused(String scheme, String answer, String message) throws Exception {
        close();
        serve(head -> answer, "\r\n\r\n");
        ProxySettings proxy = ProxySettings.parse(scheme + "://127.0.0.1:" + server.getLocalPort());
        assertThatThrownBy(() -> new ProxyTunnel(proxy).open("web.whatsapp.com", 443, Duration.ofSeconds(5)))
                .as(answer.length() > 60 ? answer.substring(0, 60) : answer)
                .isInstanceOf(ProxyHandshakeException.class).hasMessageContaining(message);
    }

    private void assertSocksRefused(String credentials, byte[] answer, String message) throws Exception {
        close();
        serveBytes(answer, 3);
        ProxySettings proxy = ProxySettings.parse("socks5://" + (credentials == null ? "" : credentials + "@")
                + "127.0.0.1:" + server.getLocalPort());
        assertThatThrownBy(() -> new ProxyTunnel(proxy).open("web.whatsapp.com", 443, Duration.ofSeconds(5)))
                .isInstanceOf(ProxyHandshakeException.class).hasMessageContaining(message);
    }

    /** Reads the request head up to {@code end}, answers, and keeps the connection open until the client closes. */
    private CompletableFuture<String> serve(java.util.function.Function<String, String> answer, String end)
            throws IOException {
        listen();
        CompletableFuture<String> request = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                String text = head.toString(StandardCharsets.ISO_8859_1);
                request.complete(text);
                client.getOutputStream().write(answer.apply(text).getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                client.shutdownOutput();
                in.transferTo(OutputStreamSink.INSTANCE);
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    /** Writes {@code answer} at once, reads what the client sends (at most {@code expected} bytes, then its end). */
    private CompletableFuture<byte[]> serveBytes(byte[] answer, int expected) throws IOException {
        listen();
        CompletableFuture<byte[]> request = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept()) {
                client.getOutputStream().write(answer);
                client.getOutputStream().flush();
                client.shutdownOutput();
                request.complete(client.getInputStream().readNBytes(expected));
                client.getInputStream().transferTo(OutputStreamSink.INSTANCE); // until the client closes
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    private void serveSilently() throws IOException {
        listen();
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept()) {
                client.getInputStream().transferTo(OutputStreamSink.INSTANCE);
            } catch (IOException ignored) {
                // the client gave up
            }
        });
    }

    private void listen() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
            // dropped
        }
    }
}
