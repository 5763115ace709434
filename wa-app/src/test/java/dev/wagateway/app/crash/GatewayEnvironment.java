package dev.wagateway.app.crash;

import dev.wagateway.sandbox.SandboxServer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a gateway process under test: reaches the given sandbox, quick typing delays, no restore
 * jitter, and whatever a test adds (a shared database, the settings of one node of several).
 */
final class GatewayEnvironment {

    /** The node secret every node of a test shares. */
    static final String NODE_SECRET = "a-test-node-secret-shared-by-every-node-0123";

    private final Map<String, String> variables = new HashMap<>();

    private GatewayEnvironment(SandboxServer sandbox, String adminSecret) {
        variables.put("SERVER_ADDRESS", "127.0.0.1");
        variables.put("ADMIN_SECRET_KEY", adminSecret);
        variables.put("JWT_SECRET_KEY", "a-gateway-process-jwt-secret-of-32-chars-at-least");
        variables.put("WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString());
        variables.put("WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());
        variables.put("WHATSAPP_STARTUP_RECONNECT_JITTER_MAX", "0s");
        variables.put("WHATSAPP_TYPING_DELAY_MIN", "10ms");
        variables.put("WHATSAPP_TYPING_DELAY_MAX", "20ms");
    }

    /** A gateway of the sandbox, its admin routes behind {@code adminSecret}. */
    static GatewayEnvironment of(SandboxServer sandbox, String adminSecret) {
        return new GatewayEnvironment(sandbox, adminSecret);
    }

    /** One PostgreSQL for the gateway (several nodes share it), instead of its embedded one. */
    GatewayEnvironment database(String url) {
        variables.put("WHATSAPP_DATASTORE_URI", url);
        return this;
    }

    /** One node of several: its id, its own port as the address the others reach it at, the lease TTL. */
    GatewayEnvironment node(String nodeId, int port, Duration leaseTtl) {
        variables.put("NODE_ID", nodeId);
        variables.put("NODE_ADVERTISE_URL", "http://127.0.0.1:" + port);
        variables.put("NODE_SECRET", NODE_SECRET);
        variables.put("NODE_LEASE_TTL", leaseTtl.toMillis() + "ms");
        return this;
    }

    /** Any other variable. */
    GatewayEnvironment with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Map<String, String> variables() {
        return Map.copyOf(variables);
    }
}
