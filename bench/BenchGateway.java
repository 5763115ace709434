import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * What the black-box benchmarks ({@code bench/SendLoad.java}, {@code bench/Soak.java}) share: one HTTP client to the
 * gateway's public API and the sandbox's control API, and the pairing of a device through both (an API key, a device,
 * its QR scanned by a sandbox phone, then connected). The launcher compiles this file with the program that names it
 * (JDK 22+ multi-file source programs), so both stay {@code java -cp wa-app.jar bench/X.java key=value...}.
 */
final class BenchGateway {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    final String gateway;
    final String control;
    private final String adminSecret;

    BenchGateway(String gateway, String adminSecret, String control) {
        this.gateway = gateway;
        this.adminSecret = adminSecret;
        this.control = control;
    }

    /** The program's {@code key=value} arguments. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    /**
     * A new API key and device named {@code name}, the sandbox phone {@code phone} (created here) scanning its QR;
     * returns the device's token once the device is connected, or fails after {@code connectWithin}.
     */
    String pairedDevice(String phone, String name, Duration connectWithin) throws Exception {
        control("POST", "/phones", "{\"phone\":\"" + phone + "\",\"name\":\"" + name + "\"}");
        JsonNode key = call("POST", "/admin/api-keys", "X-Admin-Secret", adminSecret,
                "{\"customer_name\":\"" + name + "\",\"max_devices\":1,\"rate_limit_per_hour\":1000000000}");
        JsonNode device = call("POST", "/devices", "X-API-Key", key.path("data").path("api_key").asText(),
                "{\"device_name\":\"" + name + "\"}");
        String token = device.path("data").path("token").asText();
        JsonNode login = call("POST", "/devices/me/login?output=json", "Authorization", "Bearer " + token, null);
        String qr = login.path("data").path("qr").asText();
        if (qr.isEmpty()) {
            throw new IllegalStateException("no QR in the login answer: " + login);
        }
        control("POST", "/phones/" + phone + "/link", JSON.writeValueAsString(Map.of("qr", qr)));
        long deadline = System.nanoTime() + connectWithin.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = call("GET", "/devices/me/status", "Authorization", "Bearer " + token, null);
            if (status.path("data").path("connected").asBoolean()) {
                return token;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not connect within " + connectWithin.toSeconds() + " s");
    }

    /** A call to the gateway's API with one auth header; fails on any status but 2xx. */
    JsonNode call(String method, String path, String header, String value, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).header(header, value)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
        return answered(method, path, request, body, false);
    }

    /** A call to the sandbox's control API; 409 (already there) counts as done. */
    JsonNode control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(control + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
        return answered(method, path, request, body, true);
    }

    private JsonNode answered(String method, String path, HttpRequest.Builder request, String body,
                              boolean conflictIsDone) throws Exception {
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2 && !(conflictIsDone && answer.statusCode() == 409)) {
            throw new IllegalStateException(method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body());
    }
}
