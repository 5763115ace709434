import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The seconds one JVM spent in garbage-collection pauses so far, read from outside it: a {@code jstat -gc PID 250}
 * child process prints the JVM's cumulative collection times four times a second (it reads the JVM's perf-data file:
 * no attach, no safepoint in the measured process), and this keeps the last line's total. Two readings a second
 * apart give the pause time in that second, to tell a collector's stall from any other.
 *
 * <p>Owner: the reader thread writes {@link #pauseSeconds}, the sampler reads it (volatile).
 */
final class GcClock implements AutoCloseable {

    private final Process jstat;
    private final CountDownLatch firstLine = new CountDownLatch(1);
    private volatile double pauseSeconds;

    private GcClock(Process jstat) {
        this.jstat = jstat;
        Thread.ofPlatform().daemon().name("gc-clock-" + jstat.pid()).start(this::readLines);
    }

    /**
     * A clock on {@code pid} once it read its first total (jstat is a JVM of its own: start it before a measured
     * phase, not in it), or null when jstat cannot be started (the pauses then read 0).
     */
    static GcClock start(long pid) throws InterruptedException {
        if (pid <= 0) {
            return null;
        }
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            GcClock clock = new GcClock(new ProcessBuilder(jstat.toString(), "-gc", String.valueOf(pid), "250")
                    .redirectErrorStream(true).start());
            if (!clock.firstLine.await(30, TimeUnit.SECONDS)) {
                System.out.println("jstat " + pid + ": no reading in 30 s");
            }
            return clock;
        } catch (IOException e) {
            System.out.println("jstat " + pid + ": " + e.getMessage());
            return null;
        }
    }

    /** The JVM's young, full and concurrent-cycle pauses so far, in seconds (the GCT column). */
    double pauseSeconds() {
        return pauseSeconds;
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(),
                StandardCharsets.US_ASCII))) {
            int totalColumn = -1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 0 && fields[0].equals("S0C")) {
                    totalColumn = List.of(fields).indexOf("GCT");
                } else if (totalColumn >= 0 && fields.length > totalColumn) {
                    try {
                        pauseSeconds = Double.parseDouble(fields[totalColumn]);
                        firstLine.countDown();
                    } catch (NumberFormatException ignored) {
                        // a "-" for a collector the JVM does not run: the total stays as it was
                    }
                }
            }
        } catch (IOException ignored) {
            // jstat ended (the JVM stopped, or close()): the last total stands
        } finally {
            firstLine.countDown();
        }
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
