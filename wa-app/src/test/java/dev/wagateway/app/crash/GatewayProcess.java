package dev.wagateway.app.crash;

import dev.wagateway.app.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real gateway JVM ({@link Main} on this test's class path), started in {@code workingDir} with the given
 * environment and nothing else of this JVM's, its output in a log file of that folder.
 */
final class GatewayProcess {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the JVM and waits until its HTTP API answers; fails, with its log, if it exits first. */
    static GatewayProcess start(Path workingDir, Map<String, String> environment, int port, String logName) {
        Path log = workingDir.resolve(logName);
        // a killed gateway cannot delete its temporary files: they go to the test's folder, deleted after it (the
        // embedded PostgreSQL binaries stay in the shared folder they were unpacked to once)
        Path temporary = workingDir.toAbsolutePath().resolve("tmp");
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-Djava.io.tmpdir=" + temporary, "-Dot.epg.working-dir=" + binaries,
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        env.putAll(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        try {
            Files.createDirectories(temporary);
            GatewayProcess gateway = new GatewayProcess(builder.start(), log, port);
            gateway.awaitAnswering();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitAnswering() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with status " + process.exitValue() + " while starting:\n"
                        + logText());
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause(100);
        }
        throw new AssertionError("the gateway did not answer within " + START_LIMIT + ":\n" + logText());
    }

    /** A loopback port free now, for a gateway about to start (its address goes into its environment first). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM with the environment built for it; see {@link #start(Path, Map, int, String)}. */
    static GatewayProcess start(Path workingDir, GatewayEnvironment environment, int port, String logName) {
        return start(workingDir, environment.variables(), port, logName);
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP ({@code true}) or SIGCONT: the process freezes as in a long GC pause, then goes on. */
    void pause(boolean stop) throws IOException, InterruptedException {
        Process signal = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(process.pid()))
                .inheritIO().start();
        if (signal.waitFor() != 0) {
            throw new AssertionError("kill " + (stop ? "-STOP" : "-CONT") + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no orderly close, as the OOM killer or {@code kill -9} ends it. */
    void killNine() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, the orderly stop; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
