package dev.wagateway.protocol.version;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fetch over real HTTP on loopback: what it accepts, what it refuses, and what a refresh keeps. */
class WebVersionFetcherTest {

    private HttpServer server;
    private final WebVersionFetcher fetcher = new WebVersionFetcher(HttpClient.newHttpClient(), Duration.ofSeconds(5));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200,
                WebVersionPage.render(WebVersion.ofRevision(1047000000L)).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/missing", exchange -> answer(exchange, 404, "nope".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 << 10];
                for (int sent = 0; sent <= WebVersionFetcher.MAX_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client hung up once it had enough
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheAnnouncedVersion() throws IOException {
        assertThat(fetcher.fetch(url("/ok"))).isEqualTo(WebVersion.ofRevision(1047000000L));
    }

    @Test
    void refusesAnErrorStatusAndAnOversizedPage() {
        assertThatThrownBy(() -> fetcher.fetch(url("/missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("404");
        assertThatThrownBy(() -> fetcher.fetch(url("/huge"))).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodVersionAndOnlyNewerVersionsAreSaved() {
        InMemoryWebVersionStore store = new InMemoryWebVersionStore();
        WebVersions good = new WebVersions(url("/ok"), fetcher, store, Clock.systemUTC(), Duration.ofMinutes(10));
        assertThat(good.refresh(true).refreshed()).isTrue();
        assertThat(good.refresh(false).refreshed()).isFalse(); // throttled
        WebVersions failing = new WebVersions(url("/missing"), fetcher, store, Clock.systemUTC(), Duration.ZERO);
        WebVersions.Refresh refresh = failing.refresh(true);
        assertThat(refresh.error()).contains("404");
        assertThat(refresh.version()).contains(WebVersion.ofRevision(1047000000L));
        assertThat(failing.newerThan(WebVersion.ofRevision(1047000000L))).isEmpty();
        assertThat(failing.newerThan(WebVersion.ofRevision(1046000000L))).contains(WebVersion.ofRevision(1047000000L));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
            throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
