package dev.wagateway.app.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.wagateway.app.crash.GatewayApi.await;
import static dev.wagateway.app.crash.GatewayApi.bearer;
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

    @TempDir
    Path workingDir;

    private final GatewayApi api = new GatewayApi();

    @Test
    void aKilledNodesDevicesMoveWithinTheTtlAndLoseNothing() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = SandboxServer.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(FRIEND, "Friend");
            GatewayProcess a = node(sandbox, postgres, "node-a", "a");
            GatewayProcess b = node(sandbox, postgres, "node-b", "b");
            try {
                String key = api.apiKey(a, ADMIN, 5);
                List<String> phones = List.of("15550606100", "15550606101");
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < phones.size(); i++) {
                    GatewayProcess via = i == 0 ? a : b;
                    control.createPhone(phones.get(i), "Shop " + i);
                    String token = api.createDevice(via, key, "d" + i);
                    control.linkQr(phones.get(i), api.loginQr(via, token));
                    tokens.add(token);
                }
                for (String token : tokens) {
                    await(() -> api.connected(b, token) && api.connected(a, token), Duration.ofSeconds(60),
                            () -> "every device connected\n" + a.logText() + b.logText());
                }
                String deviceOfA = api.call(b, "GET", "/devices/me", null, bearer(tokens.get(0))).path("data")
                        .path("device_id").asText();
                assertThat(holder(postgres, deviceOfA)).contains("node-a");

                a.killNine();
                // the phone writes to the device whose node just died
                List<String> sent = List.of("while-dead-0", "while-dead-1", "while-dead-2");
                sent.forEach(text -> control.phoneSendText(FRIEND, phones.get(0), text));

                // the lease expires after the TTL; the other node claims it within a third of the TTL and logs in
                await(() -> api.connected(b, tokens.get(0)), TTL.plusSeconds(10),
                        () -> "the device on node b within the TTL + 10 s\n" + b.logText());
                assertThat(holder(postgres, deviceOfA)).contains("node-b");
                await(() -> api.incomingTexts(b, tokens.get(0), FRIEND).size() >= sent.size(),
                        Duration.ofSeconds(30), () -> "the texts sent while the node was dead\n" + b.logText());
                assertThat(api.incomingTexts(b, tokens.get(0), FRIEND)).containsExactlyInAnyOrderElementsOf(sent);

                JsonNode sentAfter = api.call(b, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"after the failover\"}", bearer(tokens.get(0)));
                assertThat(sentAfter.path("code").asInt()).as(sentAfter.toString()).isEqualTo(200);
                await(() -> control.phoneMessages(FRIEND).stream()
                        .anyMatch(m -> m.text().equals("after the failover")), Duration.ofSeconds(30),
                        () -> "the send after the failover at the friend");
                assertThat(control.replacedConnections()).isZero();
                assertThat(api.connected(b, tokens.get(1))).isTrue();
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
            GatewayProcess a = node(sandbox, postgres, "node-a", "a");
            GatewayProcess b = node(sandbox, postgres, "node-b", "b");
            boolean paused = false;
            try {
                String token = api.createDevice(a, api.apiKey(a, ADMIN, 5), "paused");
                control.linkQr(phone, api.loginQr(a, token));
                await(() -> api.connected(a, token), Duration.ofSeconds(60), () -> "the login\n" + a.logText());
                String deviceId = api.call(a, "GET", "/devices/me", null, bearer(token)).path("data")
                        .path("device_id").asText();

                a.pause(true);
                paused = true;
                await(() -> api.connected(b, token), TTL.plusSeconds(10),
                        () -> "the device on node b while a is frozen\n" + b.logText());
                assertThat(holder(postgres, deviceId)).contains("node-b");
                List<String> sent = new ArrayList<>(List.of("while-paused-0", "while-paused-1"));
                sent.forEach(text -> control.phoneSendText(FRIEND, phone, text));
                await(() -> api.incomingTexts(b, token, FRIEND).size() >= 2, Duration.ofSeconds(30),
                        () -> "texts while paused");

                a.pause(false);
                paused = false;
                await(() -> a.logText().contains("device " + deviceId + " stopped here"), Duration.ofSeconds(30),
                        () -> "node a to find its lease lost\n" + a.logText());
                sent.add("after-wake");
                control.phoneSendText(FRIEND, phone, "after-wake");
                await(() -> api.incomingTexts(b, token, FRIEND).size() >= sent.size(), Duration.ofSeconds(30),
                        () -> "the text after the wake-up\n" + b.logText());
                assertThat(api.incomingTexts(b, token, FRIEND)).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(holder(postgres, deviceId)).contains("node-b");
                assertThat(api.connected(b, token)).isTrue();
                // asked of the woken node: forwarded to the holder
                assertThat(api.connected(a, token)).isTrue();
            } finally {
                if (paused) {
                    a.pause(false);
                }
                a.killNine();
                b.stop();
            }
        }
    }

    private GatewayProcess node(SandboxServer sandbox, EmbeddedPostgres postgres, String nodeId, String name)
            throws IOException {
        int port = GatewayProcess.freePort();
        GatewayEnvironment environment = GatewayEnvironment.of(sandbox, ADMIN).database(databaseUrl(postgres))
                .node(nodeId, port, TTL);
        return GatewayProcess.start(Files.createDirectories(workingDir.resolve(name)), environment, port,
                name + ".log");
    }

    static String databaseUrl(EmbeddedPostgres postgres) {
        return "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
    }

    static Optional<String> holder(EmbeddedPostgres postgres, String deviceId) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select node_id from wa_device_leases where device_id = ?::uuid and expires_at > now()")) {
            query.setString(1, deviceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }
}
