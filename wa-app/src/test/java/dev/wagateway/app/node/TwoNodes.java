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
import java.util.HashMap;
import java.util.Map;

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

    /** Each device with an unexpired lease, and its holder. */
    Map<String, String> holders() throws SQLException {
        Map<String, String> held = new HashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "select device_id, node_id from wa_device_leases where expires_at > now()")) {
            while (rows.next()) {
                held.put(rows.getString(1), rows.getString(2));
            }
        }
        return held;
    }

    /** How many unexpired leases each node holds. */
    Map<String, Integer> leasesByNode() throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "select node_id, count(*) from wa_device_leases where expires_at > now() group by node_id")) {
            while (rows.next()) {
                held.put(rows.getString(1), rows.getInt(2));
            }
        }
        return held;
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
