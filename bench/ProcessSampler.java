import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process's figures for the soak, read from outside it: heap in use after a full GC ({@code jcmd GC.run}, then
 * {@code GC.heap_info}), RSS, OS threads, open descriptors and sockets (/proc; net of the load's own connections to
 * the process, counted apart). Sampled several times a minute,
 * a minute keeps the lowest heap after GC (what survives a GC at the quietest moment: a leak raises it, the
 * messages in flight at one GC's moment do not) and the highest thread, descriptor and socket counts (the upper
 * envelope: elastic pools swing a single reading by tens of threads, a leaked thread is in every reading).
 *
 * <p>Owned by the soak's sampling loop alone.
 */
final class ProcessSampler {

    /**
     * A minute of one process: see the class comment for which reading each figure keeps. Descriptors and sockets
     * leave out the process's end of the load's own HTTP connections ({@link PeerSockets}), counted in
     * {@code loadSockets}.
     */
    record Minute(long heapAfterGc, long rss, int threadsLow, int threads, int fds, int sockets, int loadSockets) {

        String row() {
            return String.format("%7.1f %7.1f %3d..%3d %6d %7d %5d", heapAfterGc / 1048576.0, rss / 1048576.0,
                    threadsLow, threads, fds, sockets, loadSockets);
        }
    }

    // G1: "garbage-first heap   total reserved 65536K, committed 65536K, used 13064K [..." (JDK 25; older JDKs
    // print "total 65536K, used 13064K"); other collectors print a "used" on their heap line too
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");
    private static final Pattern THREAD_NAME = Pattern.compile("^\"([^\"]*)\"", Pattern.MULTILINE);

    private final long pid;
    private final String jcmd;
    private long heapLow = Long.MAX_VALUE;
    private long rss;
    private int threadsLow = Integer.MAX_VALUE;
    private int threadsHigh;
    private int fdsHigh;
    private int socketsHigh;
    private int loadSocketsHigh;

    /** @param pid the process, 0 for none (every figure 0) */
    ProcessSampler(long pid, String jcmd) {
        this.pid = pid;
        this.jcmd = jcmd;
    }

    /** Reads RSS, threads, descriptors and sockets now. */
    void sampleCounts() {
        if (pid <= 0) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    int threads = Integer.parseInt(line.replaceAll("\\D", ""));
                    threadsLow = Math.min(threadsLow, threads);
                    threadsHigh = Math.max(threadsHigh, threads);
                }
            }
        } catch (IOException e) {
            System.out.println("/proc/" + pid + ": " + e.getMessage());
        }
        int fds = 0;
        int sockets = 0;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            System.out.println("/proc/" + pid + "/fd: " + e.getMessage());
        }
        // the load's connections to this process come and go with the load's pool, not with this process
        int load = PeerSockets.connectedToThisProcess(PeerSockets.socketInodes(Path.of("/proc/" + pid + "/fd")));
        fdsHigh = Math.max(fdsHigh, fds - load);
        socketsHigh = Math.max(socketsHigh, sockets - load);
        loadSocketsHigh = Math.max(loadSocketsHigh, load);
    }

    /** Asks the process for a full GC and reads the heap in use after it. */
    void sampleHeap() {
        if (pid <= 0) {
            return;
        }
        try {
            // one jcmd for both (each start of jcmd is a JVM's start: seconds on a loaded machine)
            Path commands = Files.createTempFile("soak-jcmd", ".txt");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            String out;
            try {
                out = jcmd("-f", commands.toString());
            } finally {
                Files.deleteIfExists(commands);
            }
            Matcher used = HEAP_USED.matcher(out);
            if (used.find()) {
                heapLow = Math.min(heapLow, Long.parseLong(used.group(1)) * 1024);
            }
        } catch (IOException e) {
            System.out.println("jcmd " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The minute's figures; the next minute starts afresh. */
    Minute endMinute() {
        Minute minute = new Minute(heapLow == Long.MAX_VALUE ? 0 : heapLow, rss,
                threadsLow == Integer.MAX_VALUE ? 0 : threadsLow, threadsHigh, fdsHigh, socketsHigh, loadSocketsHigh);
        heapLow = Long.MAX_VALUE;
        threadsLow = Integer.MAX_VALUE;
        threadsHigh = 0;
        fdsHigh = 0;
        socketsHigh = 0;
        loadSocketsHigh = 0;
        return minute;
    }

    /** The process's platform threads by name, digits folded ("pool-#-thread-#"): which kinds come and go. */
    Map<String, Integer> threadKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        if (pid <= 0) {
            return kinds;
        }
        try {
            Matcher name = THREAD_NAME.matcher(jcmd("Thread.print"));
            while (name.find()) {
                kinds.merge(name.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        } catch (IOException e) {
            System.out.println("jcmd " + pid + " Thread.print: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return kinds;
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jcmd, String.valueOf(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }
}
