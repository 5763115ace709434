import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's read and write system calls and its threads' context switches, read from /proc: {@code syscr} and
 * {@code syscw} of /proc/PID/io (every read/readv/pread and write/writev/pwrite of all its threads, the dead ones
 * included; sendto/recvfrom, epoll and futex calls are not in them), and the voluntary and involuntary switches summed
 * over /proc/PID/task/{@literal *}/status (threads living at the reading: a thread that ended between two readings
 * takes its switches along, so the difference is exact only for long-lived threads such as the carriers, selectors and
 * pools). A voluntary switch is a thread blocking in the kernel: a carrier with nothing to run parking, a blocking
 * read waiting; what a virtual thread's park costs only shows here when its carrier runs out of work.
 *
 * @param reads      syscr
 * @param writes     syscw
 * @param voluntary  voluntary context switches of the living threads
 * @param involuntary involuntary context switches of the living threads (preempted: the machine's load)
 */
record ProcessSyscalls(long reads, long writes, long voluntary, long involuntary) {

    static final ProcessSyscalls NONE = new ProcessSyscalls(0, 0, 0, 0);

    /** Reads now; a pid of 0, or a process this user cannot read, reads as zeros. */
    static ProcessSyscalls read(long pid) {
        if (pid <= 0) {
            return NONE;
        }
        long reads = 0;
        long writes = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("syscr:")) {
                    reads = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    writes = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        long voluntary = 0;
        long involuntary = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary += Long.parseLong(line.substring(24).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary += Long.parseLong(line.substring(27).trim());
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return new ProcessSyscalls(reads, writes, 0, 0);
        }
        return new ProcessSyscalls(reads, writes, voluntary, involuntary);
    }

    /** What happened from {@code before} to this reading. */
    ProcessSyscalls since(ProcessSyscalls before) {
        return new ProcessSyscalls(reads - before.reads, writes - before.writes, voluntary - before.voluntary,
                involuntary - before.involuntary);
    }
}
