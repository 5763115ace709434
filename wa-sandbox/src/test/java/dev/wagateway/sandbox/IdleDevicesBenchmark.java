package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.protocol.crypto.SecureRandoms;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Memory of idle connected devices in the sandbox: starts {@code wa-sandbox.jar} as its own process with a fixed heap,
 * pairs N companions (one phone each) and keeps them logged in, then reads the sandbox's heap after a GC and its RSS.
 * Not a test: {@code mvn -pl wa-sandbox -Pbench test-compile exec:exec -Dbench.args="1000 1g"}.
 */
public final class IdleDevicesBenchmark {

    private IdleDevicesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String heap = args.length > 1 ? args[1] : "1g";
        Path jar = Path.of(System.getProperty("sandbox.jar", "wa-sandbox/target/wa-sandbox.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process sandbox = new ProcessBuilder(java, "-Xmx" + heap, "-jar", jar.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
            String ws = null;
            String control = null;
            String root = null;
            while (root == null) {
                String line = output.readLine();
                if (line == null) {
                    throw new IllegalStateException("sandbox exited");
                }
                if (line.startsWith("websocket:")) {
                    ws = line.substring(10).trim();
                } else if (line.startsWith("control:")) {
                    control = line.substring(8).trim();
                } else if (line.startsWith("root key:")) {
                    root = line.substring(9).trim();
                }
            }
            Thread.ofVirtual().start(() -> output.lines().forEach(line -> { }));
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            SandboxEndpoint endpoint = SandboxEndpoint.overHttp(URI.create(ws), HexFormat.of().parseHex(root),
                    URI.create(control), http);
            SecureRandom random = SecureRandoms.create();
            long started = System.nanoTime();
            List<RawCompanion> connected = new ArrayList<>();
            Semaphore parallel = new Semaphore(16);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<RawCompanion>> pending = new ArrayList<>();
                for (int i = 0; i < devices; i++) {
                    String phone = String.valueOf(16000000000L + i);
                    post(http, control + "/phones", "{\"phone\":\"" + phone + "\",\"name\":\"P" + i + "\"}");
                    pending.add(executor.submit(() -> {
                        parallel.acquire();
                        try {
                            TestDevice device = new TestDevice(endpoint, http, random);
                            device.pairWith(phone);
                            return device.login();
                        } finally {
                            parallel.release();
                        }
                    }));
                }
                for (Future<RawCompanion> future : pending) {
                    connected.add(future.get());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(3000);
            JsonNode stats = new ObjectMapper().readTree(get(http, control + "/stats"));
            long heapUsed = stats.path("heap_used_bytes").asLong();
            long rss = rssBytes(sandbox.pid());
            System.out.printf("devices paired and online: %d (of %d) in %.1f s%n", stats.path("online_devices").asLong(),
                    devices, seconds);
            System.out.printf("sandbox heap after GC: %.1f MiB (max %s), %.1f KiB per device%n", heapUsed / 1048576.0,
                    heap, heapUsed / 1024.0 / devices);
            System.out.printf("sandbox RSS: %.1f MiB%n", rss / 1048576.0);
            connected.forEach(RawCompanion::close);
        } finally {
            sandbox.destroy();
        }
    }

    private static long rssBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
