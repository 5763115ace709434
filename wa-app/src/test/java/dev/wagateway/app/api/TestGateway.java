package dev.wagateway.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.app.GatewayApplication;
import dev.wagateway.app.TestDatabase;
import dev.wagateway.app.config.ConfigLoader;
import dev.wagateway.sandbox.RefusalCheck;
import dev.wagateway.sandbox.SandboxControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole server in sandbox mode on a random loopback port, over a real PostgreSQL ({@code WA_TEST_DATABASE_URL}
 * when set, else its own embedded one), and an HTTP client speaking to it.
 */
public final class TestGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayApplication application;
    /** The working folder this gateway made for itself and deletes when it stops; {@code null} for a caller's. */
    private final Path ownFolder;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestGateway(GatewayApplication application, Path ownFolder) {
        this.application = application;
        this.ownFolder = ownFolder;
    }

    /**
     * Starts a gateway in a temporary working folder of its own, deleted when it closes (an embedded database is
     * some 76 MB: a suite's worth of them filled a disk once); {@code extra} adds or overrides environment variables.
     */
    public static TestGateway start(Map<String, String> extra) {
        Path folder;
        try {
            folder = Files.createTempDirectory("wa-gateway-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new TestGateway(launch(extra, folder), folder);
        } catch (RuntimeException | Error e) {
            deleteTree(folder);
            throw e;
        }
    }

    /**
     * Starts a gateway whose data (embedded database, secrets) lives under {@code workingDir}, which stays after it
     * closes (a restart test starts the next gateway on it; the caller deletes it).
     */
    public static TestGateway start(Map<String, String> extra, Path workingDir) {
        return new TestGateway(launch(extra, workingDir), null);
    }

    private static GatewayApplication launch(Map<String, String> extra, Path workingDir) {
        Map<String, String> environment = new HashMap<>(Map.of("SERVER_ADDRESS", "127.0.0.1",
                "SERVER_PORT", "0", "WHATSAPP_SANDBOX", "true", "WHATSAPP_STARTUP_RECONNECT_JITTER_MAX", "0s",
                "WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "JWT_SECRET_KEY", "a-test-jwt-secret-of-at-least-32-chars",
                "ADMIN_SECRET_KEY", "test-admin-secret"));
        // the tests' receivers are plain HTTP on loopback, which only WEBHOOK_ALLOW_INSECURE permits (api.md §7.4)
        environment.put("WEBHOOK_ALLOW_INSECURE", "true");
        // the send simulation stays on, only faster than a person would type
        environment.put("WHATSAPP_TYPING_DELAY_MIN", "10ms");
        environment.put("WHATSAPP_TYPING_DELAY_MAX", "50ms");
        // tests keep no data worth a disk sync (the default is durable; GatewayApplicationTest checks it)
        environment.put("WHATSAPP_DATASTORE_EMBEDDED_DURABLE", "false");
        String external = System.getenv("WA_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            environment.put("WHATSAPP_DATASTORE_URI", databaseFor(external, workingDir));
        }
        environment.putAll(extra);
        GatewayApplication application = GatewayApplication.start(ConfigLoader.load(environment, workingDir));
        application.sandbox().ifPresent(RefusalCheck::watch);
        return application;
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the test gateway's folder " + folder, e);
        }
    }

    /**
     * A database of its own on the external server, one per working folder, so gateways of different tests never
     * restore each other's devices (a restart test reuses its folder, hence its database).
     */
    private static String databaseFor(String external, Path workingDir) {
        String name = "wa_test_" + Integer.toHexString(workingDir.toAbsolutePath().toString().hashCode() & 0x7fffffff);
        return TestDatabase.databaseOn(external, name);
    }

    /** Waits (up to 20 s) until {@code condition} holds, for tests outside this package. */
    public static void await(java.util.function.BooleanSupplier condition, String what) {
        ReadmeFlowTest.await(condition, what);
    }

    /** Starts a gateway with the test defaults. */
    public static TestGateway start() {
        return start(Map.of());
    }

    public GatewayApplication application() {
        return application;
    }

    /** The in-process sandbox's control (sandbox mode only). */
    public SandboxControl sandbox() {
        return application.sandbox().orElseThrow().control();
    }

    public String adminSecret() {
        return application.secrets().adminSecret();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + application.httpPort();
    }

    /** Sends a request with a JSON body (or none for {@code null}). */
    public Answer call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Sends a {@code multipart/form-data} request (what {@code curl -F name=value} sends). */
    public Answer multipart(String method, String path, Map<String, String> fields, Map<String, String> headers) {
        String boundary = "----wagateway" + Long.toHexString(System.nanoTime());
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Sends a device's {@code multipart/form-data} upload: text {@code fields} and one file part {@code file}
     * (what {@code curl -F file=@name} sends).
     */
    public Answer upload(String token, String path, Map<String, String> fields, String fileName, String fileType,
                         byte[] file) {
        return multipart(token, path, fields, "file", fileName, fileType, file);
    }

    /** Uploads {@code content} as the multipart file part {@code field} with a device's token. */
    public Answer uploadFile(String token, String path, String field, String filename, byte[] content) {
        return multipart(token, path, Map.of(), field, filename, "application/octet-stream", content);
    }

    private Answer multipart(String token, String path, Map<String, String> fields, String field, String fileName,
                             String fileType, byte[] file) {
        String boundary = "----wagateway" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(field).append("\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: ").append(fileType).append("\r\n\r\n");
        body.writeBytes(head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token).build();
        return send(request);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin request. */
    public Answer admin(String method, String path, String body) {
        return call(method, path, body, Map.of("X-Admin-Secret", adminSecret()));
    }

    /** A device request with its token. */
    public Answer device(String token, String method, String path, String body) {
        return call(method, path, body, Map.of("Authorization", "Bearer " + token));
    }

    /** {@code POST /chats/{chat}/messages} with a text, answered. */
    public Answer sendText(String token, String chat, String text) {
        return device(token, "POST", "/chats/" + chat + "/messages", "{\"text\":\"" + text + "\"}");
    }

    /** The same send as a request of its own, for callers that send many at once. */
    public HttpRequest sendTextRequest(String token, String chat, String text) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/chats/" + chat + "/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build();
    }

    /** The device's send queue as {@code GET /devices/me/status} shows it. */
    public JsonNode sendQueue(String token) {
        return device(token, "GET", "/devices/me/status", null).ok("Device status").path("send_queue");
    }

    /** A new sandbox phone {@code number}, with no device linked; returns the number. */
    public String phone(String number) {
        admin("POST", "/sandbox/phones", "{\"phone\":\"" + number + "\",\"name\":\"Customer\"}");
        return number;
    }

    /**
     * A new sandbox phone {@code phone} with a device of a new API key linked to it by QR; returns the device's token
     * once it is paired and connected.
     */
    public String pairedDevice(String phone) {
        admin("POST", "/sandbox/phones", "{\"phone\":\"" + phone + "\",\"name\":\"P\"}");
        String token = createDevice(createApiKey(1), phone).path("token").asText();
        String qr = device(token, "POST", "/devices/me/login?output=json", null).json().path("data").path("qr")
                .asText();
        admin("POST", "/sandbox/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}");
        awaitPaired(token);
        return token;
    }

    /**
     * Like {@link #pairedDevice(String)}, with a webhook to {@code webhookUrl} (every event) registered before the
     * pairing, so it hears the first {@code connection.connected}: that one comes once the phone's app-state key is
     * applied (the push name it brings), which a test sending app-state patches can wait for.
     */
    public String pairedDeviceWithWebhook(String phone, String webhookUrl) {
        admin("POST", "/sandbox/phones", "{\"phone\":\"" + phone + "\",\"name\":\"P\"}");
        String token = createDevice(createApiKey(1), phone).path("token").asText();
        Answer hook = device(token, "POST", "/webhooks", "{\"url\":\"" + webhookUrl + "\"}");
        if (hook.status() != 200) {
            throw new AssertionError("webhook registration failed: " + hook.body());
        }
        String qr = device(token, "POST", "/devices/me/login?output=json", null).json().path("data").path("qr")
                .asText();
        admin("POST", "/sandbox/phones/" + phone + "/link", "{\"qr\":\"" + qr + "\"}");
        awaitPaired(token);
        return token;
    }

    /**
     * Waits until the device with {@code token} is logged in and its pairing is stored (status {@code active},
     * its JID known): the client reports the login a moment before the gateway has written it down.
     */
    public void awaitPaired(String token) {
        ReadmeFlowTest.await(() -> {
            JsonNode me = device(token, "GET", "/devices/me", null).json().path("data");
            return me.path("status").asText().equals("active") && !me.path("whatsmeow_jid").asText().isEmpty()
                    && device(token, "GET", "/devices/me/status", null).json().path("data").path("connected")
                    .asBoolean();
        }, "the device to be paired and connected");
    }

    /** Creates an API key through the admin API and returns its plaintext. */
    public String createApiKey(int maxDevices) {
        Answer created = admin("POST", "/admin/api-keys",
                "{\"customer_name\":\"Test customer\",\"max_devices\":" + maxDevices + "}");
        if (created.status() != 201) {
            throw new AssertionError("API key creation failed: " + created.body());
        }
        return created.json().path("data").path("api_key").asText();
    }

    /** Creates a device with {@code apiKey}; returns the creation answer's data. */
    public JsonNode createDevice(String apiKey, String name) {
        Answer created = call("POST", "/devices", "{\"device_name\":\"" + name + "\"}", Map.of("X-API-Key", apiKey));
        if (created.status() != 201) {
            throw new AssertionError("device creation failed: " + created.body());
        }
        return created.json().path("data");
    }

    /**
     * Pairs the device of {@code token} with a new sandbox phone {@code phone} by QR and waits for its login;
     * returns the device's WhatsApp JID.
     */
    public String pair(String token, String phone) {
        sandbox().createPhone(phone, "Phone " + phone);
        String qr = device(token, "POST", "/devices/me/login?output=json", null).json().path("data").path("qr")
                .asText();
        sandbox().linkQr(phone, qr);
        ReadmeFlowTest.await(() -> connected(token), "the login of " + phone);
        return device(token, "GET", "/devices/me", null).json().path("data").path("whatsmeow_jid").asText();
    }

    /** The stored status of the device's message {@code id} in {@code chat} ({@code pending}, ...); empty if none. */
    public String messageStatus(String token, String chat, String id) {
        for (JsonNode message : device(token, "GET", "/chats/" + chat + "/messages", null).json().path("data")
                .path("messages")) {
            if (message.path("message_id").asText().equals(id)) {
                return message.path("status").asText();
            }
        }
        return "";
    }

    /** The event types in the delivery log of the device's webhook {@code webhook}, newest first. */
    public java.util.List<String> webhookEventTypes(String token, long webhook) {
        java.util.List<String> types = new java.util.ArrayList<>();
        device(token, "GET", "/webhooks/" + webhook + "/logs", null).json().path("data").path("logs")
                .forEach(log -> types.add(log.path("EventType").asText()));
        return types;
    }

    /** Whether the device of {@code token} is connected and logged in now. */
    public boolean connected(String token) {
        return device(token, "GET", "/devices/me/status", null).json().path("data").path("connected").asBoolean();
    }

    @Override
    public void close() {
        application.close();
        if (ownFolder != null) {
            deleteTree(ownFolder);
        }
    }

    /** A response. */
    public record Answer(int status, String body, HttpResponse<String> response) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The envelope's message. */
        public String message() {
            return json().path("message").asText();
        }

        /** The envelope's {@code data}, after checking the answer is a 200 with {@code message}. */
        public JsonNode ok(String message) {
            if (status != 200 || !message().equals(message)) {
                throw new AssertionError("expected 200 \"" + message + "\" but got " + status + " " + body);
            }
            return json().path("data");
        }
    }
}
