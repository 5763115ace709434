package dev.wagateway.app.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.sandbox.ReceivedMessage;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxServer;
import dev.wagateway.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real gateway JVM (embedded PostgreSQL, durable) while texts flow both ways with a sandbox that
 * lives on (in this JVM, a process apart from the gateway's), then a start at once: it comes up on the first try,
 * every text the phone sent is stored exactly once, and every send the API accepted reached the phone.
 */
class KillNineTest {

    private static final String PHONE = "15550303030";
    private static final String FRIEND = "15550404040";
    private static final String ADMIN = "kill-nine-admin-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workingDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String baseUrl;

    @Test
    void comesBackAtOnceAndLosesNothing() throws Exception {
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(
                Curve25519.generateKeyPair(SecureRandoms.create())))) {
            SandboxControl control = sandbox.control();
            control.createPhone(PHONE, "Acme");
            control.createPhone(FRIEND, "Friend");
            Map<String, String> environment = environment(sandbox);
            int port = freePort();

            GatewayProcess first = GatewayProcess.start(workingDir, environment, port, "first.log");
            baseUrl = first.baseUrl();
            String token = pairDevice(control);

            List<String> incoming = new ArrayList<>();
            ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sender = Thread.ofPlatform().name("api-sends").start(() -> sendUntilStopped(token, running,
                    accepted));
            GatewayProcess second;
            try {
                // the phone writes while the gateway runs, while it is dead, and after it is back
                await(() -> {
                    String text = "in-" + incoming.size();
                    control.phoneSendText(FRIEND, PHONE, text);
                    incoming.add(text);
                    return incoming.size() >= 15 && accepted.size() >= 8;
                }, Duration.ofSeconds(60), () -> "texts flowing both ways\n" + first.logText());

                first.killNine();
                for (int i = 0; i < 5; i++) {
                    incoming.add("in-" + incoming.size());
                    control.phoneSendText(FRIEND, PHONE, incoming.getLast());
                }
                second = GatewayProcess.start(workingDir, environment, port, "second.log");
                assertThat(second.isAlive()).isTrue();

                int acceptedAtRestart = accepted.size();
                await(() -> accepted.size() >= acceptedAtRestart + 5, Duration.ofSeconds(60),
                        () -> "sends accepted after the restart\n" + second.logText());
                for (int i = 0; i < 5; i++) {
                    incoming.add("in-" + incoming.size());
                    control.phoneSendText(FRIEND, PHONE, incoming.getLast());
                }
            } finally {
                running.set(false);
                sender.join();
            }

            // every text of the phone stored once, no more
            await(() -> storedIncoming(token).size() == incoming.size(), Duration.ofSeconds(60),
                    () -> "every incoming text to be stored: " + storedIncoming(token) + "\n" + second.logText());
            assertThat(storedIncoming(token)).containsExactlyInAnyOrderElementsOf(incoming);
            // every accepted send on the friend's phone
            await(() -> friendReceived(control).containsAll(accepted), Duration.ofSeconds(60),
                    () -> "every accepted send on the phone");
            assertThat(friendReceived(control)).containsAll(accepted);
            assertThat(second.stop()).isIn(0, 143);
        }
    }

    private Map<String, String> environment(SandboxServer sandbox) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("ADMIN_SECRET_KEY", ADMIN);
        environment.put("JWT_SECRET_KEY", "a-kill-nine-jwt-secret-of-at-least-32-chars");
        environment.put("WHATSAPP_SERVER_URL", sandbox.webSocketUrl().toString());
        environment.put("WHATSAPP_SERVER_ROOT_KEY", sandbox.rootPublicKeyHex());
        environment.put("WHATSAPP_STARTUP_RECONNECT_JITTER_MAX", "0s");
        environment.put("WHATSAPP_TYPING_DELAY_MIN", "10ms");
        environment.put("WHATSAPP_TYPING_DELAY_MAX", "20ms");
        // the shipped default, on purpose: the database is the production one
        environment.put("WHATSAPP_DATASTORE_EMBEDDED_DURABLE", "true");
        return environment;
    }

    private String pairDevice(SandboxControl control) {
        JsonNode key = call("POST", "/admin/api-keys", "{\"customer_name\":\"Acme\",\"max_devices\":1}",
                Map.of("X-Admin-Secret", ADMIN)).path("data");
        JsonNode device = call("POST", "/devices", "{\"device_name\":\"Crash\"}",
                Map.of("X-API-Key", key.path("api_key").asText())).path("data");
        String token = device.path("token").asText();
        String qr = call("POST", "/devices/me/login?output=json", null, bearer(token)).path("data").path("qr")
                .asText();
        control.linkQr(PHONE, qr);
        await(() -> connected(token), Duration.ofSeconds(30), () -> "the device to log in");
        return token;
    }

    private void sendUntilStopped(String token, AtomicBoolean running, ConcurrentLinkedQueue<String> accepted) {
        for (int i = 0; running.get(); i++) {
            String text = "out-" + i;
            try {
                HttpResponse<String> answer = http.send(request("POST", "/chats/" + FRIEND + "/messages",
                        "{\"text\":\"" + text + "\"}", bearer(token)), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    accepted.add(text);
                } else {
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                // the gateway is down (or died during the request, which then was not accepted)
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<String> storedIncoming(String token) {
        JsonNode messages = call("GET", "/chats/" + FRIEND + "/messages?limit=500", null, bearer(token))
                .path("data").path("messages");
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> {
            if (!message.path("is_from_me").asBoolean()) {
                texts.add(message.path("text").asText());
            }
        });
        return texts;
    }

    private static Set<String> friendReceived(SandboxControl control) {
        return control.phoneMessages(FRIEND).stream().map(ReceivedMessage::text).collect(Collectors.toSet());
    }

    private boolean connected(String token) {
        return call("GET", "/devices/me/status", null, bearer(token)).path("data").path("connected").asBoolean();
    }

    private JsonNode call(String method, String path, String body, Map<String, String> headers) {
        try {
            HttpResponse<String> answer = http.send(request(method, path, body, headers),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpRequest request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request.build();
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
            sleepQuietly();
        }
        throw new AssertionError("timed out waiting for " + what.get());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
