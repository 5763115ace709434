package dev.wagateway.app.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The REST API of gateway processes as the tests that run them use it: JSON calls to one base URL, where a refused
 * connection (the process is down) is an empty answer rather than an exception, and waits for a condition.
 */
final class GatewayApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The answer's status and body; status 0 and an empty body when no answer came. */
    record Answer(int status, JsonNode body, Optional<String> retryAfter) {

        JsonNode data() {
            return body.path("data");
        }
    }

    Answer send(String baseUrl, String method, String path, String body, Map<String, String> headers,
                Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
            return new Answer(answer.statusCode(), json, answer.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            return new Answer(0, JSON.createObjectNode(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The JSON body of the answer (empty when none came). */
    JsonNode call(GatewayProcess node, String method, String path, String body, Map<String, String> headers) {
        return send(node.baseUrl(), method, path, body, headers, TIMEOUT).body();
    }

    JsonNode call(GatewayProcess node, String method, String path, String body, Map<String, String> headers,
                  Duration timeout) {
        return send(node.baseUrl(), method, path, body, headers, timeout).body();
    }

    /** A new API key of the admin's, for up to {@code maxDevices}. */
    String apiKey(GatewayProcess node, String adminSecret, int maxDevices) {
        return call(node, "POST", "/admin/api-keys", "{\"customer_name\":\"Acme\",\"max_devices\":" + maxDevices
                + "}", Map.of("X-Admin-Secret", adminSecret)).path("data").path("api_key").asText();
    }

    /** A new API key for {@code maxDevices} devices allowed {@code sendsPerHour} sends an hour (all devices). */
    String apiKey(GatewayProcess node, String adminSecret, int maxDevices, int sendsPerHour) {
        return call(node, "POST", "/admin/api-keys", "{\"customer_name\":\"Acme\",\"max_devices\":" + maxDevices
                + ",\"rate_limit_per_hour\":" + sendsPerHour + "}", Map.of("X-Admin-Secret", adminSecret))
                .path("data").path("api_key").asText();
    }

    /** A new device's token. */
    String createDevice(GatewayProcess node, String apiKey, String name) {
        return call(node, "POST", "/devices", "{\"device_name\":\"" + name + "\"}", Map.of("X-API-Key", apiKey))
                .path("data").path("token").asText();
    }

    /** Starts the device's QR login and returns the code to scan (waiting long: a busy machine slows the dial). */
    String loginQr(GatewayProcess node, String token) {
        return call(node, "POST", "/devices/me/login?output=json", null, bearer(token), Duration.ofSeconds(60))
                .path("data").path("qr").asText();
    }

    /**
     * Whether the device is connected, asked briefly: a status asked of a node that forwards to a frozen holder
     * waits as long as the holder is frozen.
     */
    boolean connected(GatewayProcess node, String token) {
        return call(node, "GET", "/devices/me/status", null, bearer(token), Duration.ofSeconds(2)).path("data")
                .path("connected").asBoolean();
    }

    /** The texts the device received from {@code chat} as stored (at most 500). */
    List<String> incomingTexts(GatewayProcess node, String token, String chat) {
        JsonNode messages = call(node, "GET", "/chats/" + chat + "/messages?limit=500", null, bearer(token))
                .path("data").path("messages");
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> {
            if (!message.path("is_from_me").asBoolean()) {
                texts.add(message.path("text").asText());
            }
        });
        return texts;
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Waits (polling) until the condition holds; fails naming {@code what} after {@code limit}. */
    static void await(BooleanSupplier condition, Duration limit, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what.get());
    }
}
