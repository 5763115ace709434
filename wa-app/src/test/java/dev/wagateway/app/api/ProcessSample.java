package dev.wagateway.app.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the soak watches for leaks in this JVM (issue 22): heap in use right after a full collection, resident memory
 * ({@code VmRSS} of /proc/self/status), live threads, open file descriptors (/proc/self/fd) and, among them, sockets.
 * Linux only; where /proc is missing the counts are -1.
 *
 * @param heapAfterGcBytes heap in use after {@link System#gc()} (a request the JVM may treat loosely)
 * @param rssBytes         resident set size
 * @param threads          live threads (platform threads: virtual ones are not counted by the JVM's thread bean)
 * @param fds              open file descriptors
 * @param sockets          open descriptors that are sockets
 */
public record ProcessSample(long heapAfterGcBytes, long rssBytes, int threads, int fds, int sockets) {

    /** Takes a sample, after a collection. */
    public static ProcessSample take() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new ProcessSample(heap, rss(), threads, descriptors(false), descriptors(true));
    }

    private static long rss() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return status.stream().filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static int descriptors(boolean socketsOnly) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.filter(fd -> !socketsOnly || isSocket(fd)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            return false; // closed between the listing and the read
        }
    }

    /** One table row: heap and RSS in MiB, then the counts. */
    public String row() {
        return "%8.1f %8.1f %8d %6d %8d".formatted(heapAfterGcBytes / 1048576.0, rssBytes / 1048576.0, threads, fds,
                sockets);
    }

    /** The header of {@link #row()}. */
    public static String header() {
        return "%8s %8s %8s %6s %8s".formatted("heap MiB", "RSS MiB", "threads", "fds", "sockets");
    }
}
