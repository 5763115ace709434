package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.EncryptedUpload;
import dev.wagateway.protocol.media.MediaConn;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaHost;
import dev.wagateway.protocol.media.MediaTransfer;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.proxy.ProxySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Media through a proxy (issue 22) as without one: a download whose host redirects is followed through the proxy
 * (relative {@code Location}, a small redirect body), a second transfer to the same host reuses the tunnel, a redirect
 * loop stops after 5 hops (the JDK client's bound) and a redirect away from https is not followed. A loopback HTTP
 * CONNECT proxy counts the tunnels; a loopback HTTPS media host (a certificate from the sandbox's media CA code)
 * counts its connections and requests.
 */
class ProxiedMediaTransferTest {

    private final SecureRandom random = SecureRandoms.create();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger hostConnections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile byte[] served = new byte[0];
    private int hostPort;
    private LoopbackConnectProxy proxy;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void redirectsAreFollowedThroughTheProxyAndOneTunnelCarriesTheNextTransfers() throws Exception {
        MediaTransfer transfer = transfer();
        byte[] plaintext = new byte[150_000];
        random.nextBytes(plaintext);
        DownloadableMedia media = encryptAndServe(transfer, plaintext, "/hop");

        assertThat(transfer.download(conn(), media)).isEqualTo(plaintext);
        assertThat(transfer.download(conn(), media)).isEqualTo(plaintext);

        assertThat(requests).containsExactly("/hop", "/file", "/hop", "/file");
        assertThat(proxy.tunnels()).as("one tunnel through the proxy for all four exchanges").isEqualTo(1);
        assertThat(hostConnections.get()).isEqualTo(1);
    }

    @Test
    void aRedirectLoopStopsAfterFiveHopsAndARedirectAwayFromHttpsIsNotFollowed() throws Exception {
        MediaTransfer transfer = transfer();
        DownloadableMedia loop = encryptAndServe(transfer, new byte[]{1, 2, 3}, "/loop");
        assertThatThrownBy(() -> transfer.download(conn(), loop)).isInstanceOfSatisfying(MediaException.class,
                e -> assertThat(e.getMessage()).contains("answered 302"));
        // each of the 2 tries per host: the first request and 5 redirects, then the 302 is the answer
        assertThat(requests).hasSize(2 * 6).containsOnly("/loop");

        requests.clear();
        DownloadableMedia insecure = encryptAndServe(transfer, new byte[]{4, 5, 6}, "/insecure");
        assertThatThrownBy(() -> transfer.download(conn(), insecure)).isInstanceOf(MediaException.class);
        assertThat(requests).containsOnly("/insecure").hasSize(2);
        // the redirects of one try share its tunnel; the 302 that ends a try is not read, which closes the tunnel
        assertThat(proxy.tunnels()).as("one tunnel per try").isEqualTo(4);
    }

    private MediaTransfer transfer() throws Exception {
        MediaTls tls = MediaTls.create("127.0.0.1", random);
        hostPort = mediaHost(tls);
        proxy = LoopbackConnectProxy.plain();
        open.add(proxy);
        MediaTransfer transfer = new MediaTransfer(MediaTransferConfig.withSslContext(tls.clientSslContext())
                .withProxy(Optional.of(ProxySettings.parse("http://127.0.0.1:" + proxy.port()))), random,
                Clock.systemUTC());
        open.add(transfer);
        return transfer;
    }

    private DownloadableMedia encryptAndServe(MediaTransfer transfer, byte[] plaintext, String path)
            throws Exception {
        try (EncryptedUpload encrypted = transfer.encrypt(new ByteArrayInputStream(plaintext), MediaType.DOCUMENT)) {
            served = Files.readAllBytes(encrypted.file());
            return new DownloadableMedia(MediaType.DOCUMENT, "", "https://127.0.0.1:" + hostPort + path,
                    encrypted.mediaKey(), encrypted.hashes().fileSha256(), encrypted.hashes().fileEncSha256(),
                    plaintext.length, "application/octet-stream");
        }
    }

    private MediaConn conn() {
        return new MediaConn("auth", Duration.ofHours(1), Duration.ofHours(1), 12, Instant.now(),
                List.of(new MediaHost("127.0.0.1:" + hostPort, Optional.empty(), 0)));
    }

    /** An HTTPS media host keeping connections alive: {@code /hop} redirects to {@code /file}, which is served. */
    private int mediaHost(MediaTls tls) throws Exception {
        ServerSocket server = LoopbackConnectProxy.tlsServerSocket(tls);
        open.add(server);
        int port = server.getLocalPort();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    open.add(client);
                    hostConnections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(client, port));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return port;
    }

    private void serve(Socket client, int port) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = LoopbackConnectProxy.head(in);
                if (head == null) {
                    return;
                }
                String path = head.split(" ")[1];
                path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                requests.add(path);
                byte[] body = path.equals("/file") ? served : "moved".getBytes(StandardCharsets.US_ASCII);
                String status = switch (path) {
                    case "/file" -> "200 OK";
                    case "/hop" -> "302 Found\r\nLocation: /file";
                    case "/loop" -> "302 Found\r\nLocation: https://127.0.0.1:" + port + "/loop";
                    case "/insecure" -> "302 Found\r\nLocation: http://127.0.0.1:" + port + "/file";
                    default -> "404 Not Found";
                };
                out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
