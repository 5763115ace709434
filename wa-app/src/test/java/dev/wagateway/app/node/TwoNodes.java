package dev.wagateway.app.node;

import dev.wagateway.app.api.TestGateway;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes in one JVM, {@code node-a} and {@code node-b}, sharing one embedded PostgreSQL and one standalone
 * sandbox, with a node secret and a 3 s lease. Closing it stops the nodes, then the sandbox, then the database.
 */
final class TwoNodes implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final SandboxServer sandbox;
    private final TestGateway a;
    private final TestGateway b;

    private TwoNodes(EmbeddedPostgres postgres, SandboxServer sandbox, TestGateway a, TestGateway b) {
        this.postgres = postgres;
        this.sandbox = sandbox;
        this.a = a;
        this.b = b;
    }

    /** Starts the database, the sandbox and both nodes (each with its own working directory). */
    static TwoNodes start(String secret, Path dirA, Path dirB) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        SandboxServer sandbox = null;
        TestGateway a = null;
        try {
            sandbox = SandboxServer.start(SandboxSettings.loopback(Curve25519.generateKeyPair(SecureRandoms.create())));
            String database = "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
            a = TestGateway.start(node("node-a", freePort(), database, sandbox, secret), dirA);
            TestGateway b = TestGateway.start(node("node-b", freePort(), database, sandbox, secret), dirB);
            return new TwoNodes(postgres, sandbox, a, b);
        } catch (Exception | Error e) {
            try (EmbeddedPostgres closingPostgres = postgres; SandboxServer closingSandbox = sandbox) {
                if (a != null) {
                    a.close();
                }
            }
            throw e;
        }
    }

    TestGateway a() {
        return a;
    }

    TestGateway b() {
        return b;
    }

    SandboxServer sandbox() {
        return sandbox;
    }

    /** A device logged in through one of the nodes: its bearer token and the phone it is linked at. */
    record LinkedDevice(String token, String phone) {
    }

    /**
     * Creates {@code count} devices under {@code key}, through node a and node b in turn, each logged in by QR at a
     * phone of its own ({@code phonePrefix} and its index), and waits until both nodes see every one connected (one
     * serves it, the other forwards to it).
     */
    List<LinkedDevice> loginDevices(String key, String phonePrefix, int count) {
        List<LinkedDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestGateway via = i % 2 == 0 ? a : b;
            String phone = phonePrefix + i;
            sandbox.control().createPhone(phone, "Shop " + i);
            String token = via.createDevice(key, "device-" + i).path("token").asText();
            String qr = via.device(token, "POST", "/devices/me/login?output=json", null).json()
                    .path("data").path("qr").asText();
            assertThat(qr).as("the QR of device %d", i).isNotEmpty();
            sandbox.control().linkQr(phone, qr);
            devices.add(new LinkedDevice(token, phone));
        }
        for (LinkedDevice device : devices) {
            await(() -> a.connected(device.token()) && b.connected(device.token()), "every device connected");
        }
        return devices;
    }

    /** Each device with an unexpired lease, and its holder. */
    Map<String, String> holders() throws SQLException {
        return leases("select device_id, node_id from wa_device_leases where expires_at > now()");
    }

    /** How many unexpired leases each node holds. */
    Map<String, Integer> leasesByNode() throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        leases("select node_id, count(*) from wa_device_leases where expires_at > now() group by node_id")
                .forEach((node, count) -> held.put(node, Integer.parseInt(count)));
        return held;
    }

    /** The two columns of each row of {@code query} over the lease table, as text. */
    private Map<String, String> leases(String query) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet result = connection.createStatement().executeQuery(query)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        try (EmbeddedPostgres closingPostgres = postgres; SandboxServer closingSandbox = sandbox) {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }

    private static Map<String, String> node(String id, int port, String database, SandboxServer sandbox,
                                            String secret) {
        Map<String, String> environment = new HashMap<>();
        environment.put("WHATSAPP_SANDBOX", "false");
        environment.put("WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString());
        environment.put("WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());
        environment.put("WHATSAPP_DATASTORE_URI", database);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("NODE_ID", id);
        environment.put("NODE_ADVERTISE_URL", "http://127.0.0.1:" + port);
        environment.put("NODE_SECRET", secret);
        environment.put("NODE_LEASE_TTL", "3s");
        return environment;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
