package dev.wagateway.protocol.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import dev.wagateway.protocol.crypto.AesGcm;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The operations issue #20 compares with Baileys and with {@code openssl speed}, timed by the process's CPU time
 * (JIT and GC threads included), as {@code openssl speed} times by CPU time and bench.mjs --cpu by Node's: on a
 * shared machine, wall-clock time measures the neighbours. Prints {@code name nanoseconds-per-op}, the best of three
 * rounds, for bench/codec-crypto.sh. Run by that script; arguments: seconds per round (default 2).
 */
public final class HeadToHead {

    /** Keeps results alive so the JIT cannot drop the work. */
    private static volatile Object sink;

    private interface Operation {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        byte[] messageBytes = NodeEncoder.encode(message());
        byte[] groupBytes = NodeEncoder.encode(group());
        SecureRandom random = new SecureRandom();
        KeyPair alice = Curve25519.generateKeyPair(random);
        KeyPair bob = Curve25519.generateKeyPair(random);
        byte[] key = new byte[32];
        byte[] frame = new byte[1024];
        random.nextBytes(key);
        random.nextBytes(frame);
        AesGcm sealer = new AesGcm(key);
        AesGcm opener = new AesGcm(key);
        byte[] fixedIv = new byte[12];
        byte[] sealed = sealer.encrypt(fixedIv, frame, null);
        byte[] iv = new byte[12];

        time(os, seconds, "decodeMessage", () -> NodeDecoder.decode(messageBytes));
        time(os, seconds, "decodeGroup100", () -> NodeDecoder.decode(groupBytes));
        time(os, seconds, "x25519Agreement", () -> Curve25519.sharedSecret(alice.privateKey(), bob.publicKey()));
        time(os, seconds, "aesGcmEncrypt1KiB", () -> {
            // a new IV per frame, as the Noise transport's counter gives (GCM refuses a repeated key and IV)
            for (int i = 11; i >= 0 && ++iv[i] == 0; i--) {
                // carry
            }
            return sealer.encrypt(iv, frame, null);
        });
        time(os, seconds, "aesGcmDecrypt1KiB", () -> opener.decrypt(fixedIv, sealed, null));
    }

    private static void time(OperatingSystemMXBean os, double seconds, String name, Operation operation)
            throws Exception {
        long budget = (long) (seconds * 1e9);
        run(os, operation, budget); // warm-up: the JIT compiles the path
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            best = Math.min(best, run(os, operation, budget));
        }
        System.out.printf("%s %.1f%n", name, best);
    }

    /** CPU nanoseconds per operation over about {@code budget} nanoseconds of CPU time. */
    private static double run(OperatingSystemMXBean os, Operation operation, long budget) throws Exception {
        long start = os.getProcessCpuTime();
        long operations = 0;
        long used;
        do {
            for (int i = 0; i < 100; i++) {
                sink = operation.run();
            }
            operations += 100;
            used = os.getProcessCpuTime() - start;
        } while (used < budget);
        return (double) used / operations;
    }

    /** The same message as {@link NodeCodecBenchmark} and bench.mjs. */
    static Node message() {
        byte[] ciphertext = new byte[200];
        new Random(1).nextBytes(ciphertext);
        return Node.builder("message")
                .attribute("from", "15551234567@s.whatsapp.net")
                .attribute("id", "3EB0C431D2A1B2C3D4E5")
                .attribute("t", "1774433730")
                .attribute("type", "text")
                .attribute("notify", "Alice")
                .children(Node.builder("enc").attribute("v", "2").attribute("type", "msg").bytes(ciphertext).build())
                .build();
    }

    /** The same 100-participant group answer as {@link NodeCodecBenchmark} and bench.mjs. */
    static Node group() {
        List<Node> participants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            participants.add(Node.builder("participant").attribute("jid", (15550000000L + i) + "@s.whatsapp.net")
                    .attribute("lid", (100000000000L + i) + "@lid").build());
        }
        return Node.builder("iq").attribute("from", "g.us").attribute("id", "42").attribute("type", "result")
                .children(Node.builder("group").attribute("id", "120363022222222222")
                        .attribute("subject", "Benchmark group").attribute("creation", "1774433730")
                        .children(participants).build())
                .build();
    }
}
