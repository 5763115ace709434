package dev.wagateway.webhooks.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real webhook receiver on loopback whose answer per path the test chooses; it records every request. */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Received(String path, Map<String, List<String>> headers, String body, long atMillis) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** Chooses the answer to the n-th request (from 1) on a path. */
    interface Behaviour {
        void answer(HttpExchange exchange, int nth) throws IOException;
    }

    private final boolean tls;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile HttpServer server;

    Receiver() throws IOException {
        this(false);
    }

    /** An HTTPS receiver with the {@link TestCertificate}. */
    static Receiver https() throws IOException {
        return new Receiver(true);
    }

    private Receiver(boolean tls) throws IOException {
        this.tls = tls;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Closes the listening socket: connections to the port are refused until {@link #start()}. */
    void stop() {
        server.stop(0);
    }

    /** Listens again, on the same port, with the same answers and records. */
    void start() throws IOException {
        server = listen(port);
    }

    private HttpServer listen(int onPort) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", onPort);
        HttpServer listening;
        if (tls) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.get().serverContext()));
            listening = https;
        } else {
            listening = HttpServer.create(address, 0);
        }
        listening.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        listening.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
            int nth = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            behaviours.getOrDefault(path, (e, n) -> status(e, 200)).answer(exchange, nth);
        });
        listening.start();
        return listening;
    }

    void on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    String url(String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    static void status(HttpExchange exchange, int status) throws IOException {
        status(exchange, status, Map.of(), "");
    }

    static void status(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
