package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaConn;
import dev.wagateway.protocol.media.MediaHost;
import dev.wagateway.protocol.media.MediaTransfer;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.media.MediaType;
import dev.wagateway.protocol.media.UploadedMedia;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Media throughput against the sandbox's HTTPS media host (docs/benchmarks.md; not a test): encrypt + upload and
 * download + verify + decrypt of one file, ours ({@link MediaTransfer}) and Baileys' ({@code media-bench.mjs}, run
 * as a child process against the same host) from one run, then {@code openssl speed -evp aes-256-cbc} on the same
 * machine. Both clients skip {@code media_conn} (a one-off IQ, not throughput) and use the host's auth directly.
 *
 * <p>Usage: {@code mvn -pl wa-sandbox -Pmedia-bench test-compile exec:exec -Dbench.args="16 5"} (MiB per file,
 * measured rounds; two warm-up rounds come first).
 */
public final class MediaTransferBenchmark {

    private MediaTransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SecureRandom random = SecureRandoms.create();
        byte[] payload = new byte[mib << 20];
        random.nextBytes(payload);
        try (SandboxServer sandbox = RefusalCheck.start(SandboxSettings.loopback(Curve25519.generateKeyPair(random)));
             MediaTransfer transfer = new MediaTransfer(MediaTransferConfig.withSslContext(sandbox.mediaSslContext())
                     .withMaxBytes(MediaStore.MAX_BLOB), random, Clock.systemUTC())) {
            MediaConn conn = new MediaConn(sandbox.mediaAuth(), Duration.ofHours(1), Duration.ZERO, 12, Instant.now(),
                    List.of(new MediaHost(sandbox.mediaHostname(), Optional.empty(), MediaStore.MAX_BLOB)));
            List<Double> up = new ArrayList<>();
            List<Double> down = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                long start = System.nanoTime();
                UploadedMedia uploaded = transfer.upload(conn, new ByteArrayInputStream(payload), MediaType.DOCUMENT);
                long uploadedAt = System.nanoTime();
                byte[] back = transfer.download(conn, new DownloadableMedia(MediaType.DOCUMENT, uploaded.directPath(),
                        null, uploaded.mediaKey(), uploaded.fileSha256(), uploaded.fileEncSha256(),
                        uploaded.fileLength(), "application/octet-stream"));
                long downloadedAt = System.nanoTime();
                if (!Arrays.equals(back, payload)) {
                    throw new IllegalStateException("the downloaded file differs");
                }
                sandbox.control().expireMedia(); // the host keeps no more than one copy at a time
                if (round >= 0) {
                    up.add(megabytesPerSecond(payload.length, uploadedAt - start));
                    down.add(megabytesPerSecond(payload.length, downloadedAt - uploadedAt));
                }
            }
            System.out.printf("file: %d MiB, %d rounds after 2 warm-ups; MB/s = 10^6 bytes/s, median (min-max)%n",
                    mib, rounds);
            System.out.printf("ours     encrypt+upload %s   download+decrypt %s%n", summary(up), summary(down));
            System.out.println("baileys  " + baileys(sandbox, mib, rounds));
        }
        System.out.println("openssl speed -evp aes-256-cbc -seconds 3 (1000s of bytes/s per block size):");
        System.out.println(run(List.of("openssl", "speed", "-evp", "aes-256-cbc", "-seconds", "3")).stream()
                .filter(line -> line.startsWith("type") || line.startsWith("AES-256-CBC") || line.startsWith("aes"))
                .reduce((a, b) -> a + "\n" + b).orElse("(openssl printed no table)"));
    }

    private static String baileys(SandboxServer sandbox, int mib, int rounds) throws Exception {
        Path script = Path.of(System.getProperty("media.bench.script", "src/test/node/interop/media-bench.mjs"));
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.getParent().resolve("node_modules/baileys"))) {
            return "(skipped: " + script + " with its node_modules is needed; npm install in its folder)";
        }
        Path ca = Files.createTempFile("media-ca", ".pem");
        try {
            Files.writeString(ca, sandbox.mediaTls().caPem());
            ProcessBuilder node = new ProcessBuilder("node", script.getFileName().toString(), Integer.toString(mib),
                    Integer.toString(rounds)).directory(script.getParent().toFile()).redirectErrorStream(true);
            node.environment().put("NODE_EXTRA_CA_CERTS", ca.toString());
            node.environment().put("MEDIA_HOST", sandbox.mediaHostname());
            node.environment().put("MEDIA_AUTH", sandbox.mediaAuth());
            List<String> lines = run(node);
            return lines.isEmpty() ? "(no output)" : String.join("\n         ", lines);
        } finally {
            Files.deleteIfExists(ca);
        }
    }

    private static List<String> run(List<String> command) throws Exception {
        return run(new ProcessBuilder(command).redirectErrorStream(true));
    }

    private static List<String> run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        process.waitFor();
        return lines;
    }

    private static double megabytesPerSecond(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("%.1f MB/s (%.1f-%.1f)", sorted.get(sorted.size() / 2), sorted.getFirst(),
                sorted.getLast());
    }
}
