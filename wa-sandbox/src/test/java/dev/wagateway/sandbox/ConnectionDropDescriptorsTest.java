package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections dropped the way the soak drops them leave nothing open in the sandbox: real companions over the real
 * websocket, dropped by the control API's {@code drop} fault (the server closes them) or vanishing (the client's
 * connection shut down without a websocket close), then logging in again, round after round. Counted from
 * {@code /proc}: this process's open descriptors (both ends live here), and the TCP sockets on the sandbox's port that
 * still hold a descriptor, after a warm-up round (lazily started selectors and pools) and after the rounds settle.
 */
class ConnectionDropDescriptorsTest {

    private static final int DEVICES = 8;
    private static final int ROUNDS = 4;
    /** What may come and go without a leak (a pooled control connection, a selector); a leak is a socket per drop. */
    private static final int SLACK = 8;

    private final SecureRandom random = SecureRandoms.create();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void droppedAndVanishedConnectionsLeaveNoDescriptorOpen() throws Exception {
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(random)))) {
            List<TestDevice> devices = new ArrayList<>();
            List<RawCompanion> connections = new ArrayList<>();
            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String phone = "1555300" + String.format(Locale.ROOT, "%04d", i);
                sandbox.control().createPhone(phone, "Customer " + i);
                TestDevice device = new TestDevice(sandbox, http, random);
                device.pairWith(phone);
                devices.add(device);
                HttpClient own = HttpClient.newHttpClient();
                clients.add(own);
                connections.add(device.login(own));
            }
            round(sandbox, devices, connections, clients);
            awaitConnected(sandbox);
            int descriptorsBefore = openDescriptors();
            int socketsBefore = sandboxSockets(sandbox.port());
            assertThat(socketsBefore).as("the sandbox's sockets with every device connected")
                    .isBetween(DEVICES, DEVICES + SLACK);

            for (int i = 0; i < ROUNDS; i++) {
                round(sandbox, devices, connections, clients);
            }
            awaitConnected(sandbox);
            int descriptorsAfter = openDescriptors();
            int socketsAfter = sandboxSockets(sandbox.port());
            // a closed socket may take a moment to be released once its close completes; a leaked one never is
            for (int wait = 0; wait < 100 && (socketsAfter > socketsBefore + SLACK
                    || descriptorsAfter > descriptorsBefore + SLACK); wait++) {
                Thread.sleep(100);
                descriptorsAfter = openDescriptors();
                socketsAfter = sandboxSockets(sandbox.port());
            }

            assertThat(sandbox.connectionCount()).as("connections the sandbox tracks").isEqualTo(DEVICES);
            assertThat(socketsAfter).as("sockets on the sandbox's port after %d drops (before: %d)",
                    ROUNDS * DEVICES, socketsBefore).isLessThanOrEqualTo(socketsBefore + SLACK);
            assertThat(descriptorsAfter).as("this process's descriptors after %d drops (before: %d)",
                    ROUNDS * DEVICES, descriptorsBefore).isLessThanOrEqualTo(descriptorsBefore + SLACK);
            connections.forEach(RawCompanion::close);
            clients.forEach(HttpClient::shutdownNow);
        }
    }

    /** Every device loses its connection once (even ones dropped by the server, odd ones vanishing), then logs in. */
    private void round(SandboxServer sandbox, List<TestDevice> devices, List<RawCompanion> connections,
                       List<HttpClient> clients) throws Exception {
        for (int i = 0; i < devices.size(); i++) {
            TestDevice device = devices.get(i);
            if (i % 2 == 0) {
                fault(sandbox, device.jid.toString());
                connections.get(i).awaitClose();
            } else {
                // the peer goes away without a websocket close: its client's connections are shut down
                clients.get(i).shutdownNow();
                clients.set(i, HttpClient.newHttpClient());
            }
            connections.set(i, device.login(clients.get(i)));
        }
    }

    /** The soak's drop: {@code POST /sandbox/faults}, over real HTTP. */
    private void fault(SandboxServer sandbox, String device) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sandbox.controlUrl() + "/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"drop\",\"device\":\"" + device + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static void awaitConnected(SandboxServer sandbox) throws InterruptedException {
        for (int wait = 0; wait < 100 && sandbox.connectionCount() != DEVICES; wait++) {
            Thread.sleep(50);
        }
    }

    private static int openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return (int) entries.count();
        }
    }

    /**
     * TCP sockets whose local port is the sandbox's (its side of every chat and control connection), listening
     * socket and TIME_WAIT entries (which hold no descriptor) left out.
     */
    private static int sandboxSockets(int port) {
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    boolean listening = fields[3].equals("0A");
                    boolean timeWait = fields[3].equals("06");
                    if (fields[1].endsWith(localPort) && !listening && !timeWait) {
                        count++;
                    }
                }
            } catch (IOException e) {
                if (table.endsWith("tcp")) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return count;
    }
}
