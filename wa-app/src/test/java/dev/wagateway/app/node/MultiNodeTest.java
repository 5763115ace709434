package dev.wagateway.app.node;

import dev.wagateway.app.api.TestGateway;
import dev.wagateway.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wagateway.app.api.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes in one JVM sharing one embedded PostgreSQL and one standalone sandbox (issue 21): each device
 * runs on exactly one node, requests through either node work (forwarded to the holder with the node secret), a
 * forged forwarded request is refused, and a node stopping cleanly hands its devices to the other, which logs them
 * in from the stored state. The sandbox counts every login that replaced a live connection of the same device (a
 * {@code conflict} stream error): zero throughout.
 */
class MultiNodeTest {

    private static final String SECRET = "a-node-secret-shared-by-the-nodes-0123";
    private static final String FRIEND = "15550909090";

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void devicesRunOnOneNodeRequestsReachTheHolderAndACleanStopHandsThemOver() throws Exception {
        try (TwoNodes cluster = TwoNodes.start(SECRET, dirA, dirB)) {
            SandboxServer sandbox = cluster.sandbox();
            TestGateway a = cluster.a();
            TestGateway b = cluster.b();
            sandbox.control().createPhone(FRIEND, "Friend");
            String key = a.createApiKey(10);
            List<String> tokens = new ArrayList<>(cluster.loginDevices(key, "1555070700", 4).stream()
                    .map(TwoNodes.LinkedDevice::token).toList());
            TestGateway nodeB = b;
            Map<String, Integer> held = cluster.leasesByNode();
            assertThat(held.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
            assertThat(held).containsOnlyKeys("node-a", "node-b");

            // a send through the node that does not hold the device reaches the friend
            for (int i = 0; i < tokens.size(); i++) {
                TestGateway other = i % 2 == 0 ? b : a;
                assertThat(other.device(tokens.get(i), "POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"hello " + i + "\"}").status()).isEqualTo(200);
            }
            await(() -> sandbox.control().phoneMessages(FRIEND).size() == 4, "four texts at the friend");

            // per-node metrics: each node's series carry its id; both forwarded the sends of the other's devices
            for (TestGateway node : List.of(a, nodeB)) {
                String id = node == a ? "node-a" : "node-b";
                String scrape = node.admin("GET", "/metrics", null).body();
                assertThat(metric(scrape, "wa_node_requests_forwarded_total", id)).isGreaterThanOrEqualTo(2);
                assertThat(metric(scrape, "wa_node_devices_held", id)).isEqualTo(cluster.leasesByNode().get(id));
                assertThat(metric(scrape, "wa_node_leases_claimed_total", id)).isGreaterThanOrEqualTo(2);
                assertThat(scrape).contains("wa_sessions_connected{node=\"" + id + "\"}");
            }

            // the admin view: both nodes, their devices, and the node of each device
            com.fasterxml.jackson.databind.JsonNode nodes = b.admin("GET", "/admin/nodes", null).json()
                    .path("data");
            assertThat(nodes.path("self").asText()).isEqualTo("node-b");
            Map<String, Integer> listed = new HashMap<>();
            nodes.path("nodes").forEach(n -> listed.put(n.path("node_id").asText(), n.path("devices_held")
                    .asInt()));
            assertThat(listed).isEqualTo(held);
            List<String> nodeOfEach = new ArrayList<>();
            a.admin("GET", "/admin/devices", null).json().path("data").path("devices")
                    .forEach(d -> nodeOfEach.add(d.path("node_id").asText()));
            assertThat(nodeOfEach).hasSize(4).allMatch(n -> n.equals("node-a") || n.equals("node-b"));

            // a request pretending to be forwarded, with a wrong secret, is refused
            assertThat(b.call("GET", "/devices/me/status", null, Map.of("Authorization",
                    "Bearer " + tokens.get(0), "X-Node-Secret", "not-the-secret")).status()).isEqualTo(401);

            // the login page started on node a, its QR polled through node b: forwarded to the holder
            String pagePhone = "15550707009";
            sandbox.control().createPhone(pagePhone, "Page shop");
            String pageToken = a.createDevice(key, "page").path("token").asText();
            String page = a.device(pageToken, "POST", "/devices/me/login", null).body();
            Matcher ticketInPage = Pattern.compile("ticket=([0-9a-f]+)").matcher(page);
            assertThat(ticketInPage.find()).as(page).isTrue();
            String pollPath = "/devices/me/login/qr?ticket=" + ticketInPage.group(1);
            TestGateway.Answer poll = nodeB.call("GET", pollPath, null, Map.of());
            assertThat(poll.status()).as(poll.body()).isEqualTo(200);
            assertThat(poll.json().path("data").path("qr_code").asText()).startsWith("data:image/png;base64,");
            assertThat(poll.json().path("data").path("connected").asBoolean()).isFalse();
            assertThat(nodeB.call("GET", pollPath.replace("ticket=", "ticket=0"), null, Map.of()).status())
                    .isEqualTo(401);
            String pageQr = a.device(pageToken, "POST", "/devices/me/login?output=json", null).json()
                    .path("data").path("qr").asText();
            sandbox.control().linkQr(pagePhone, pageQr);
            await(() -> nodeB.call("GET", pollPath, null, Map.of()).json().path("data").path("connected")
                    .asBoolean(), "the page's poll through node b to see the login");
            tokens.add(pageToken);

            a.close();
            for (String token : tokens) {
                await(() -> nodeB.connected(token), "every device connected on node b after a's stop");
            }
            assertThat(cluster.leasesByNode()).containsOnlyKeys("node-b").containsEntry("node-b", tokens.size());
            assertThat(b.device(tokens.get(0), "POST", "/chats/" + FRIEND + "/messages",
                    "{\"text\":\"after the hand-over\"}").status()).isEqualTo(200);
            await(() -> sandbox.control().phoneMessages(FRIEND).stream()
                    .anyMatch(m -> m.text().equals("after the hand-over")), "the text after the hand-over");
            assertThat(sandbox.control().replacedConnections()).isZero();
        }
    }

    /** The value of a metric with only the {@code node} label in a Prometheus scrape. */
    private static int metric(String scrape, String name, String node) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{node=\"" + node + "\"\\} ([0-9.E+]+)$").matcher(scrape);
        assertThat(value.find()).as(name + " of " + node + " in\n" + scrape).isTrue();
        return (int) Double.parseDouble(value.group(1));
    }
}
