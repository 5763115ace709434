package dev.wagateway.app;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server starts on embedded PostgreSQL with no configuration, answers, and a restart keeps data and secrets. */
class GatewayApplicationTest {

    @TempDir
    Path workingDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnEmbeddedDefaultsAndRestartsWithTheSameDataAndSecrets() throws Exception {
        Config config = ConfigLoader.load(Map.of("SERVER_ADDRESS", "127.0.0.1", "SERVER_PORT", "0"), workingDir);

        String firstAdminSecret;
        try (GatewayApplication first = GatewayApplication.start(config)) {
            firstAdminSecret = first.secrets().adminSecret();
            HttpResponse<String> response = get(first.httpPort(), "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":true,\"code\":200,\"message\":\"Working great!\"}");
            assertThat(response.headers().firstValue("X-Request-ID")).isPresent();

            HttpResponse<String> missing = get(first.httpPort(), "/no/such/route");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"message\":\"Cannot GET /no/such/route\"");
            // the embedded default is a production database: every acknowledged write is on disk
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                String value = first.database().jdbi().withHandle(handle -> handle.createQuery("show " + setting)
                        .mapTo(String.class).one());
                assertThat(value).as(setting).isEqualTo("on");
            }
            first.database().jdbi().useHandle(handle -> {
                handle.execute("create table restart_probe (note text)");
                handle.execute("insert into restart_probe values ('kept')");
            });
        }
        assertThat(workingDir.resolve("data/postgres/PG_VERSION")).exists();

        try (GatewayApplication second = GatewayApplication.start(config)) {
            assertThat(second.secrets().adminSecret()).isEqualTo(firstAdminSecret);
            assertThat(get(second.httpPort(), "/").statusCode()).isEqualTo(200);
            String note = second.database().jdbi().withHandle(handle ->
                    handle.createQuery("select note from restart_probe").mapTo(String.class).one());
            assertThat(note).isEqualTo("kept");
        }
    }

    @Test
    void sandboxModeStartsAWhatsAppSandboxOnLoopback() throws Exception {
        Config config = ConfigLoader.load(Map.of("SERVER_ADDRESS", "127.0.0.1", "SERVER_PORT", "0",
                "WHATSAPP_SANDBOX", "true"), workingDir);
        try (GatewayApplication application = GatewayApplication.start(config)) {
            var sandbox = application.sandbox().orElseThrow();
            assertThat(sandbox.webSocketUrl().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(sandbox.controlUrl() + "/info"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.body()).contains(sandbox.rootPublicKeyHex());

            // The same control API through the gateway, behind the admin secret.
            String gateway = "http://127.0.0.1:" + application.httpPort();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(gateway + "/sandbox/info")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway + "/sandbox/phones"))
                    .header("X-Admin-Secret", application.secrets().adminSecret())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"15550001111\",\"name\":\"A\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            // in the gateway's envelope, the control answer as its data
            assertThat(created.body()).contains("\"status\":true").contains("\"code\":201")
                    .contains("\"jid\":\"15550001111@s.whatsapp.net\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(gateway + "/docs/swagger.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("/sandbox/phones/{phone}/link");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
