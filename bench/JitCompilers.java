import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds spent so far by a JVM's JIT compiler threads (HotSpot names them "C1 CompilerThreadN" and
 * "C2 CompilerThreadN"; /proc keeps the first 15 characters of a thread's name), read from
 * /proc/PID/task/{@literal *}/stat. On this 2-core machine the gateway's C2 compiler took about half of the gateway's
 * CPU through the first 40-60 s of load: a phase measured before the compilers settle measures compilation, which a
 * server that has run for minutes no longer pays. The send benchmark waits for them (see {@code SendLoad.settle}) and
 * prints what they took in every phase.
 *
 * <p>HotSpot may end a compiler thread it no longer needs; its time then leaves this sum (the difference between
 * two readings can understate, never overstate, the compilers' share).
 *
 * @param seconds utime + stime of the living compiler threads
 */
record JitCompilers(double seconds) {

    static final JitCompilers NONE = new JitCompilers(0);

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** Reads now; a pid of 0, or a process that cannot be read, reads as 0 seconds. */
    static JitCompilers read(long pid) {
        if (pid <= 0) {
            return NONE;
        }
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        // after the name's closing parenthesis: state [0] ... utime [11], stime [12]
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return NONE;
        }
        return new JitCompilers(ticks / TICKS);
    }

    /** What the compilers spent from {@code before} to this reading (0 if a compiler thread ended in between). */
    JitCompilers since(JitCompilers before) {
        return new JitCompilers(Math.max(0, seconds - before.seconds));
    }
}
