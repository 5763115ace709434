package dev.wagateway.app.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.app.api.TestGateway;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's session views across two nodes in one JVM (one embedded PostgreSQL, one standalone sandbox): {@code
 * GET /admin/devices/status} and {@code POST /admin/devices/reconnect} asked of either node report every device as
 * its holder sees it (the other node is asked with the node secret and the rows merged), and {@code DELETE
 * /admin/devices/{id}} through the node that does not hold the device is run by its holder, which logs it out at
 * the phone. A fan-out request with a wrong node secret is refused.
 */
class MultiNodeAdminTest {

    private static final String SECRET = "a-node-secret-shared-by-the-nodes-4567";

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void statusAndReconnectAllCoverEveryNodeAndADeletionRunsOnTheHolder() throws Exception {
        try (TwoNodes cluster = TwoNodes.start(SECRET, dirA, dirB)) {
            SandboxServer sandbox = cluster.sandbox();
            TestGateway a = cluster.a();
            TestGateway nodeB = cluster.b();
            String key = a.createApiKey(10);
            List<TwoNodes.LinkedDevice> devices = cluster.loginDevices(key, "1555071700", 4);
            Map<String, String> holders = cluster.holders();
            assertThat(holders.values()).contains("node-a", "node-b");

            // the status through either node: every device connected, whichever node runs it
            for (TestGateway node : List.of(a, nodeB)) {
                JsonNode status = node.admin("GET", "/admin/devices/status", null).ok(
                        "Device statuses retrieved successfully");
                assertThat(status.path("summary").path("online").asInt()).as(status.toString()).isEqualTo(4);
                assertThat(status.has("nodes_unanswered")).isFalse();
                assertThat(status.path("devices")).hasSize(4).allSatisfy(row -> {
                    assertThat(row.path("connected").asBoolean()).as(row.toString()).isTrue();
                    assertThat(row.path("client_loaded").asBoolean()).isTrue();
                });
            }

            // the reconnect-all through node a: node b's devices answered by b, none "on another node"
            JsonNode reconnect = a.admin("POST", "/admin/devices/reconnect", null).ok(
                    "Reconnect operation completed");
            assertThat(reconnect.path("results")).hasSize(4).allSatisfy(row ->
                    assertThat(row.path("status").asText()).as(row.toString()).isEqualTo("already_connected"));
            assertThat(reconnect.path("summary").path("total").asInt()).isEqualTo(4);

            // a deletion through the node that does not hold the device: its holder logs it out and deletes it
            String deviceId = holders.entrySet().stream().filter(e -> e.getValue().equals("node-b"))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            String phoneOfIt = phoneOf(a, devices, deviceId);
            TestGateway.Answer deleted = a.admin("DELETE", "/admin/devices/" + deviceId, null);
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
            assertThat(deleted.response().headers().firstValue("X-Served-By-Node")).contains("node-b");
            assertThat(sandbox.control().devices(phoneOfIt)).as("unlinked at the phone").isEmpty();
            assertThat(nodeB.admin("GET", "/admin/devices", null).json().path("data").path("devices"))
                    .hasSize(3);

            // a fan-out request with a wrong node secret is refused
            assertThat(nodeB.call("GET", "/admin/devices/status", null, Map.of("X-Admin-Secret",
                    a.adminSecret(), "X-Node-Secret", "not-the-secret")).status()).isEqualTo(401);
            assertThat(sandbox.control().replacedConnections()).isZero();
        }
    }

    private static String phoneOf(TestGateway node, List<TwoNodes.LinkedDevice> devices, String deviceId) {
        for (TwoNodes.LinkedDevice device : devices) {
            if (node.device(device.token(), "GET", "/devices/me", null).json().path("data").path("device_id")
                    .asText().equals(deviceId)) {
                return device.phone();
            }
        }
        throw new AssertionError("no token of device " + deviceId);
    }
}
