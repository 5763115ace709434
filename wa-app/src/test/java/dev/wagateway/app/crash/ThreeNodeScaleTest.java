package dev.wagateway.app.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.wagateway.app.crash.GatewayApi.await;
import static dev.wagateway.app.crash.GatewayApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's test in full: three gateway JVMs on one PostgreSQL (embedded, in this JVM) and one sandbox (in this
 * JVM too, a process apart from the gateways, as in {@link KillNineTest}), {@value #DEVICES} paired devices. Each
 * device runs on exactly one node, and any node answers for any device; {@code kill -9} of one node moves its
 * devices to the others within the lease TTL + 10 s; then every node is restarted in turn (SIGTERM, start again)
 * while texts flow both ways. Throughout, the sandbox sees no login that replaced a live connection of the same
 * device ({@code conflict}), no text the friend's phone sent is lost or stored twice, and every send the API
 * accepted reaches the friend's phone exactly once; sends refused while a device changes hands are 503 with
 * {@code Retry-After} and retried.
 *
 * <p>Fencing of a node paused with {@code SIGSTOP} past its lease (it wakes, finds its lease lost, stops, and
 * writes nothing) is {@link NodeFailoverTest}'s, with two JVMs: a third frozen JVM here would add its TTL and wake-up
 * to a test already sized to the CI budget (about two minutes), and test nothing more.
 */
class ThreeNodeScaleTest {

    private static final int DEVICES = 30;
    private static final String ADMIN = "three-node-admin-secret";
    private static final String FRIEND = "15550808080";
    /**
     * Longer than the other multi-node tests' 5 s: six builds share this machine's two cores, and a lease round
     * delayed past the TTL would hand devices over where nothing failed.
     */
    private static final Duration TTL = Duration.ofSeconds(10);

    /** Kept after the run (under target/), so that a failure's node logs can be read. */
    private final Path workingDir = Path.of("target", "three-node-scale", Long.toString(System.currentTimeMillis()));

    private final GatewayApi api = new GatewayApi();
    private final List<GatewayProcess> nodes = new CopyOnWriteArrayList<>(new GatewayProcess[3]);
    private final int[] ports = {GatewayProcess.freePort(), GatewayProcess.freePort(), GatewayProcess.freePort()};

    @Test
    void devicesRunOnceMoveOnKillNineAndLoseNothingThroughARollingRestart() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                     Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(FRIEND, "Friend");
            try {
                for (int n = 0; n < 3; n++) {
                    start(n, sandbox, postgres);
                }
                List<String> phones = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                    phones.add("155508081" + String.format("%02d", i));
                    control.createPhone(phones.get(i), "Shop " + i);
                }
                List<String> tokens = pairAll(control, phones);
                Map<String, String> deviceIds = new HashMap<>();
                for (String token : tokens) {
                    deviceIds.put(token, api.call(nodes.get(0), "GET", "/devices/me", null, bearer(token))
                            .path("data").path("device_id").asText());
                }

                // each device on exactly one node, and every node answers for every device
                Map<String, String> holders = holders(postgres);
                assertThat(holders).hasSize(DEVICES).containsOnlyKeys(deviceIds.values());
                assertThat(holders.values()).containsOnly("node-0", "node-1", "node-2");
                for (GatewayProcess node : nodes) {
                    for (String token : tokens) {
                        assertThat(api.connected(node, token)).as("device %s asked of %s", token, node.baseUrl())
                                .isTrue();
                    }
                    Map<String, Integer> listed = new HashMap<>();
                    api.call(node, "GET", "/admin/nodes", null, Map.of("X-Admin-Secret", ADMIN)).path("data")
                            .path("nodes").forEach(n -> listed.put(n.path("node_id").asText(),
                                    n.path("devices_held").asInt()));
                    assertThat(listed.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(DEVICES);
                }
                assertThat(control.onlineDeviceCount()).isEqualTo(DEVICES);

                // the friend writes first, so that every device's chat with it exists before the sends
                for (int i = 0; i < DEVICES; i++) {
                    control.phoneSendText(FRIEND, phones.get(i), "first-" + i);
                }
                for (int i = 0; i < DEVICES; i++) {
                    String token = tokens.get(i);
                    String first = "first-" + i;
                    await(() -> api.incomingTexts(nodes.get(1), token, FRIEND).contains(first),
                            Duration.ofSeconds(30), () -> "the friend's first text stored");
                }

                try (ContinuousTraffic traffic = new ContinuousTraffic(api, control, FRIEND, tokens, phones,
                        () -> nodes.stream().map(GatewayProcess::baseUrl).toList())
                        .start(4, Duration.ofMillis(100))) {
                    awaitAccepted(traffic, DEVICES);

                    // kill -9: no release; the others claim its devices once the leases expired
                    List<String> onKilled = holders(postgres).entrySet().stream()
                            .filter(e -> e.getValue().equals("node-2")).map(Map.Entry::getKey).toList();
                    assertThat(onKilled).isNotEmpty();
                    nodes.get(2).killNine();
                    List<String> moved = tokens.stream().filter(t -> onKilled.contains(deviceIds.get(t))).toList();
                    await(() -> moved.stream().allMatch(token -> api.connected(nodes.get(0), token)),
                            TTL.plusSeconds(10), () -> "the killed node's devices connected on the others within "
                                    + "TTL + 10 s\n" + nodes.get(0).logText() + nodes.get(1).logText());
                    await(() -> heldCount(postgres) == DEVICES, TTL.plusSeconds(10),
                            () -> "every device held after the kill: " + heldCount(postgres));
                    assertThat(holders(postgres).values()).doesNotContain("node-2");
                    start(2, sandbox, postgres);
                    awaitAccepted(traffic, traffic.accepted().size() + DEVICES);

                    // the rolling restart: each node in turn stops cleanly and starts again
                    for (int n = 0; n < 3; n++) {
                        assertThat(nodes.get(n).stop()).isIn(0, 143);
                        GatewayProcess other = nodes.get((n + 1) % 3);
                        for (String token : tokens) {
                            await(() -> api.connected(other, token), TTL.plusSeconds(20),
                                    () -> "every device connected while one node restarts\n" + other.logText());
                        }
                        start(n, sandbox, postgres);
                        awaitAccepted(traffic, traffic.accepted().size() + DEVICES);
                    }
                    traffic.close();

                    // every accepted send at the friend exactly once
                    Function<List<ReceivedMessage>, Map<String, Long>> counts = messages -> messages.stream()
                            .collect(Collectors.groupingBy(ReceivedMessage::text, Collectors.counting()));
                    List<String> accepted = traffic.accepted();
                    await(() -> counts.apply(control.phoneMessages(FRIEND)).keySet().containsAll(accepted),
                            Duration.ofSeconds(60), () -> "every accepted send at the friend's phone");
                    Map<String, Long> atFriend = counts.apply(control.phoneMessages(FRIEND));
                    assertThat(accepted).allSatisfy(text -> assertThat(atFriend.get(text)).as(text).isEqualTo(1L));
                    assertThat(atFriend.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
                    // every text of the friend's phone stored exactly once by the device it was sent to
                    for (int i = 0; i < DEVICES; i++) {
                        String token = tokens.get(i);
                        List<String> expected = new ArrayList<>(traffic.incoming(i));
                        expected.add("first-" + i);
                        await(() -> api.incomingTexts(nodes.get(0), token, FRIEND).size() >= expected.size(),
                                Duration.ofSeconds(60), () -> "the friend's texts to a device stored");
                        assertThat(api.incomingTexts(nodes.get(0), token, FRIEND))
                                .containsExactlyInAnyOrderElementsOf(expected);
                    }
                    assertThat(traffic.unexpected()).isEmpty();
                    assertThat(control.replacedConnections()).isZero();
                    // the nodes may still be evening out their shares: a device released for a node short of its
                    // share is unheld until that node claims it, within a lease-keeper cycle
                    await(() -> heldCount(postgres) == DEVICES, TTL.plusSeconds(10),
                            () -> "every device held by a node: " + heldCount(postgres));
                    System.out.printf("three nodes: %d sends accepted, %d refused with 503, %d cut in flight, %d "
                            + "attempts at a node that was down%n", accepted.size(), traffic.handOverRefusals(),
                            traffic.interrupted(), traffic.unanswered());
                }
            } finally {
                for (GatewayProcess node : nodes) {
                    if (node != null && node.isAlive()) {
                        node.killNine();
                    }
                }
            }
        }
    }

    /** Pairs every device, each created and logged in through one node in turn, a few at a time. */
    private List<String> pairAll(SandboxControl control, List<String> phones) throws Exception {
        // the customer's hourly quota well above what the traffic sends in the test (about 1,000 on a slow machine)
        String key = api.apiKey(nodes.get(0), ADMIN, DEVICES, 100_000);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            tokens.add(api.createDevice(nodes.get(i % 3), key, "device-" + i));
        }
        try (ExecutorService pairing = Executors.newFixedThreadPool(3)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                int index = i;
                done.add(pairing.submit(() -> {
                    GatewayProcess via = nodes.get(index % 3);
                    String qr = api.loginQr(via, tokens.get(index));
                    assertThat(qr).as("the QR of device %d", index).isNotEmpty();
                    control.linkQr(phones.get(index), qr);
                    await(() -> api.connected(via, tokens.get(index)), Duration.ofSeconds(120),
                            () -> "device " + index + " logged in\n" + via.logText());
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        return tokens;
    }

    private void awaitAccepted(ContinuousTraffic traffic, int count) {
        await(() -> traffic.accepted().size() >= count, Duration.ofSeconds(120),
                () -> count + " sends accepted; unexpected answers: " + traffic.unexpected());
    }

    private void start(int n, SandboxServer sandbox, EmbeddedPostgres postgres) throws IOException {
        GatewayEnvironment environment = GatewayEnvironment.of(sandbox, ADMIN)
                .database(NodeFailoverTest.databaseUrl(postgres))
                .node("node-" + n, ports[n], TTL)
                .with("WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE", "600")
                .with("WHATSAPP_RATE_LIMIT_BURST_SIZE", "20")
                .with("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        Path folder = Files.createDirectories(workingDir.resolve("node-" + n));
        int run = (int) Files.list(folder).filter(f -> f.toString().endsWith(".log")).count();
        nodes.set(n, GatewayProcess.start(folder, environment, ports[n], "run-" + run + ".log"));
    }

    /** Each device with an unexpired lease, and its holder. */
    private static int heldCount(EmbeddedPostgres postgres) {
        try {
            return holders(postgres).size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> holders(EmbeddedPostgres postgres) throws SQLException {
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
}
