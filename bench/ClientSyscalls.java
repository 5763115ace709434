import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This load client's own read and write system calls ({@code syscr}, {@code syscw} of /proc/self/io, every thread of
 * the JVM): a count per send that does not move with the machine's load, to say what the load client costs beside
 * its CPU seconds.
 */
record ClientSyscalls(long reads, long writes) {

    static final ClientSyscalls NONE = new ClientSyscalls(0, 0);

    /** Reads now; a system without /proc/self/io reads as none. */
    static ClientSyscalls read() {
        long reads = 0;
        long writes = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("syscr:")) {
                    reads = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    writes = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return NONE;
        }
        return new ClientSyscalls(reads, writes);
    }

    ClientSyscalls since(ClientSyscalls before) {
        return new ClientSyscalls(reads - before.reads, writes - before.writes);
    }
}
