package dev.wagateway.app.node;

import dev.wagateway.app.api.TestGateway;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that still believes it holds a device (its lease keeper's next round is far off) while another node took the
 * device over (the lease's epoch moved on in the database, as a take-over after this node's pause does): a send
 * through it is refused by the fenced store at the ratchet step, before the frame is written, so nothing reaches
 * WhatsApp and the answer is a hand-over, 503 with Retry-After, not a 500 that reads as "may have been sent". The
 * message is stored as failed, and a send once the lease is this node's again goes out.
 */
class FencedSendTest {

    private static final String FRIEND = "15550919191";

    @TempDir
    Path dir;

    @Test
    void aSendRefusedByTheFenceAnswers503WithRetryAfterAndNothingGoesOut() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = SandboxServer.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())))) {
            sandbox.control().createPhone(FRIEND, "Friend");
            int port = freePort();
            Map<String, String> environment = new HashMap<>();
            environment.put("WHATSAPP_SANDBOX", "false");
            environment.put("WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString());
            environment.put("WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());
            environment.put("WHATSAPP_DATASTORE_URI", "postgres://postgres:postgres@localhost:" + postgres.getPort()
                    + "/postgres");
            environment.put("SERVER_PORT", Integer.toString(port));
            environment.put("NODE_ID", "node-a");
            environment.put("NODE_ADVERTISE_URL", "http://127.0.0.1:" + port);
            environment.put("NODE_SECRET", "a-node-secret-shared-by-the-nodes-0123");
            // rounds 20 minutes apart: the node's own view of its lease stays as it is during the test
            environment.put("NODE_LEASE_TTL", "1h");
            TestGateway node = TestGateway.start(environment, dir);
            try {
                String key = node.createApiKey(1);
                String token = node.createDevice(key, "fenced").path("token").asText();
                sandbox.control().createPhone("15550919200", "Shop");
                String qr = node.device(token, "POST", "/devices/me/login?output=json", null).json().path("data")
                        .path("qr").asText();
                sandbox.control().linkQr("15550919200", qr);
                await(() -> node.connected(token), "the device's login");
                assertThat(node.device(token, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"before the take-over\"}").status()).isEqualTo(200);
                await(() -> sandbox.control().phoneMessages(FRIEND).stream()
                        .anyMatch(m -> m.text().equals("before the take-over")), "the text before the take-over");

                long epoch = moveEpoch(postgres, 1); // another node's take-over
                TestGateway.Answer refused = node.device(token, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"after the take-over\"}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.message()).contains("another gateway node").contains("epoch " + (epoch - 1));
                assertThat(refused.response().headers().firstValue("Retry-After")).isPresent()
                        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());

                // the lease back at the epoch the node's store was opened with: the same send goes out, and the
                // refused one never reached the friend
                moveEpoch(postgres, -1);
                assertThat(node.device(token, "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"after the lease came back\"}").status()).isEqualTo(200);
                await(() -> sandbox.control().phoneMessages(FRIEND).stream()
                        .anyMatch(m -> m.text().equals("after the lease came back")), "the text after");
                assertThat(sandbox.control().phoneMessages(FRIEND)).noneMatch(m -> m.text()
                        .equals("after the take-over"));
                assertThat(node.device(token, "GET", "/chats/" + FRIEND + "/messages", null).json().path("data")
                        .path("messages").findValuesAsText("status")).contains("failed");
            } finally {
                node.close();
            }
        }
    }

    /** Moves the one lease's epoch by {@code by}, as a take-over does; returns the new epoch. */
    private static long moveEpoch(EmbeddedPostgres postgres, int by) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var update = connection.prepareStatement(
                     "update wa_device_leases set epoch = epoch + ? returning epoch")) {
            update.setInt(1, by);
            try (var rows = update.executeQuery()) {
                assertThat(rows.next()).as("one lease").isTrue();
                long epoch = rows.getLong(1);
                assertThat(rows.next()).as("one lease only").isFalse();
                return epoch;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
