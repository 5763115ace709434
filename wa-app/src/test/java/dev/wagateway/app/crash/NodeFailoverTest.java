package dev.wagateway.app.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's failover with real processes: two gateway JVMs on one PostgreSQL (embedded, in this JVM) and one
 * standalone sandbox; the node running a device is killed with {@code kill -9} (no release of its leases), and the
 * other node takes the device once its lease expired, logs it in from the stored state within the lease TTL plus
 * 10 s, and stores every text the phone was sent meanwhile exactly once. No device ever ran on both nodes: the
 * sandbox counts no login that replaced a live connection.
 */
class NodeFailoverTest {

    private static final String ADMIN = "node-failover-admin-secret";
    private static final String FRIEND = "15550606060";
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workingDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aKilledNodesDevicesMoveWithinTheTtlAndLoseNothing() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = SandboxServer.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(FRIEND, "Friend");
            String database = "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
            int portA = freePort();
            int portB = freePort();
            GatewayProcess a = GatewayProcess.start(folder("a"), environment(sandbox, database, "node-a", portA),
                    portA, "a.log");
            GatewayProcess b = GatewayProcess.start(folder("b"), environment(sandbox, database, "node-b", portB),
                    portB, "b.log");
            try {
                String key = call(a, "POST", "/admin/api-keys", "{\"customer_name\":\"Acme\",\"max_devices\":5}",
                        Map.of("X-Admin-Secret", ADMIN)).path("data").path("api_key").asText();
                List<String> phones = List.of("15550606100", "15550606101");
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < phones.size(); i++) {
                    GatewayProcess via = i == 0 ? a : b;
                    control.createPhone(phones.get(i), "Shop " + i);
                    String token = call(via, "POST", "/devices", "{\"device_name\":\"d" + i + "\"}",
                            Map.of("X-API-Key", key)).path("data").path("token").asText();
                    String qr = call(via, "POST", "/devices/me/login?output=json", null, bearer(token))
                            .path("data").path("qr").asText();
                    control.linkQr(phones.get(i), qr);
                    tokens.add(token);
                }
                for (String token : tokens) {
                    await(() -> connected(b, token) && connected(a, token), Duration.ofSeconds(60),
                            () -> "every device connected\n" + a.logText() + b.logText());
                }
                String deviceOfA = call(b, "GET", "/devices/me", null, bearer(tokens.get(0))).path("data")
                        .path("device_id").asText();
                assertThat(holder(postgres, deviceOfA)).contains("node-a");

                a.killNine();
                // the phone writes to the device whose node just died
                List<String> sent = List.of("while-dead-0", "while-dead-1", "while-dead-2");
                sent.forEach(text -> control.phoneSendText(FRIEND, phones.get(0), text));

                // the lease expires after the TTL; the other node claims it within a third of the TTL and logs in
                await(() -> connected(b, tokens.get(0)), TTL.plusSeconds(10),
                        () -> "the device on node b within the TTL + 10 s\n" + b.logText());
                assertThat(holder(postgres, deviceOfA)).contains("node-b");
                await(() -> incoming(b, tokens.get(0)).size() >= sent.size(), Duration.ofSeconds(30),
                        () -> "the texts sent while the node was dead\n" + b.logText());
                assertThat(incoming(b, tokens.get(0))).containsExactlyInAnyOrderElementsOf(sent);

                JsonNode sentAfter = call(b, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"after the failover\"}", bearer(tokens.get(0)));
                assertThat(sentAfter.path("code").asInt()).as(sentAfter.toString()).isEqualTo(200);
                await(() -> control.phoneMessages(FRIEND).stream()
                        .anyMatch(m -> m.text().equals("after the failover")), Duration.ofSeconds(30),
                        () -> "the send after the failover at the friend");
                assertThat(control.replacedConnections()).isZero();
                assertThat(connected(b, tokens.get(1))).isTrue();
            } finally {
                if (a.isAlive()) {
                    a.killNine();
                }
                b.stop();
            }
        }
    }

    /**
     * A node frozen with SIGSTOP past its lease (a GC pause, a partition): the other node takes its device (the
     * sandbox closes the frozen connection with a {@code conflict}, as WhatsApp would), and when the frozen node
     * resumes it finds its lease lost and stops the session; the texts sent meanwhile and after are stored exactly
     * once, by the new holder.
     */
    @Test
    void aPausedNodeFindsItsLeaseLostAndWritesNothing() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = SandboxServer.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(FRIEND, "Friend");
            String phone = "15550606200";
            control.createPhone(phone, "Paused shop");
            String database = "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
            int portA = freePort();
            int portB = freePort();
            GatewayProcess a = GatewayProcess.start(folder("a"), environment(sandbox, database, "node-a", portA),
                    portA, "a.log");
            GatewayProcess b = GatewayProcess.start(folder("b"), environment(sandbox, database, "node-b", portB),
                    portB, "b.log");
            boolean paused = false;
            try {
                String key = call(a, "POST", "/admin/api-keys", "{\"customer_name\":\"Acme\",\"max_devices\":5}",
                        Map.of("X-Admin-Secret", ADMIN)).path("data").path("api_key").asText();
                String token = call(a, "POST", "/devices", "{\"device_name\":\"paused\"}",
                        Map.of("X-API-Key", key)).path("data").path("token").asText();
                String qr = call(a, "POST", "/devices/me/login?output=json", null, bearer(token))
                        .path("data").path("qr").asText();
                control.linkQr(phone, qr);
                await(() -> connected(a, token), Duration.ofSeconds(60), () -> "the login\n" + a.logText());
                String deviceId = call(a, "GET", "/devices/me", null, bearer(token)).path("data")
                        .path("device_id").asText();

                a.pause(true);
                paused = true;
                await(() -> connected(b, token), TTL.plusSeconds(10),
                        () -> "the device on node b while a is frozen\n" + b.logText());
                assertThat(holder(postgres, deviceId)).contains("node-b");
                List<String> sent = new ArrayList<>(List.of("while-paused-0", "while-paused-1"));
                sent.forEach(text -> control.phoneSendText(FRIEND, phone, text));
                await(() -> incoming(b, token).size() >= 2, Duration.ofSeconds(30), () -> "texts while paused");

                a.pause(false);
                paused = false;
                await(() -> a.logText().contains("device " + deviceId + " stopped here"), Duration.ofSeconds(30),
                        () -> "node a to find its lease lost\n" + a.logText());
                sent.add("after-wake");
                control.phoneSendText(FRIEND, phone, "after-wake");
                await(() -> incoming(b, token).size() >= sent.size(), Duration.ofSeconds(30),
                        () -> "the text after the wake-up\n" + b.logText());
                assertThat(incoming(b, token)).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(holder(postgres, deviceId)).contains("node-b");
                assertThat(connected(b, token)).isTrue();
                // asked of the woken node: forwarded to the holder
                assertThat(connected(a, token)).isTrue();
            } finally {
                if (paused) {
                    a.pause(false);
                }
                a.killNine();
                b.stop();
            }
        }
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(workingDir.resolve(name));
    }

    private static Map<String, String> environment(SandboxServer sandbox, String database, String nodeId, int port) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("ADMIN_SECRET_KEY", ADMIN);
        environment.put("JWT_SECRET_KEY", "a-node-failover-jwt-secret-of-32-chars-at-least");
        environment.put("WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString());
        environment.put("WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());
        environment.put("WHATSAPP_DATASTORE_URI", database);
        environment.put("WHATSAPP_STARTUP_RECONNECT_JITTER_MAX", "0s");
        environment.put("WHATSAPP_TYPING_DELAY_MIN", "10ms");
        environment.put("WHATSAPP_TYPING_DELAY_MAX", "20ms");
        environment.put("NODE_ID", nodeId);
        environment.put("NODE_ADVERTISE_URL", "http://127.0.0.1:" + port);
        environment.put("NODE_SECRET", "a-node-failover-node-secret-0123456789");
        environment.put("NODE_LEASE_TTL", TTL.toSeconds() + "s");
        return environment;
    }

    private static Optional<String> holder(EmbeddedPostgres postgres, String deviceId) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select node_id from wa_device_leases where device_id = ?::uuid and expires_at > now()")) {
            query.setString(1, deviceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private List<String> incoming(GatewayProcess node, String token) {
        JsonNode messages = call(node, "GET", "/chats/" + FRIEND + "/messages?limit=100", null, bearer(token))
                .path("data").path("messages");
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> {
            if (!message.path("is_from_me").asBoolean()) {
                texts.add(message.path("text").asText());
            }
        });
        return texts;
    }

    private boolean connected(GatewayProcess node, String token) {
        // briefly: a status asked while the holder is frozen is forwarded to it and waits as long as it is frozen
        return call(node, "GET", "/devices/me/status", null, bearer(token), Duration.ofSeconds(2)).path("data")
                .path("connected").asBoolean();
    }

    private JsonNode call(GatewayProcess node, String method, String path, String body, Map<String, String> headers) {
        return call(node, method, path, body, headers, Duration.ofSeconds(15));
    }

    private JsonNode call(GatewayProcess node, String method, String path, String body, Map<String, String> headers,
                          Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what.get());
    }
}
