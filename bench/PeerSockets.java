import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a process's TCP sockets are the other end of a connection this process (the soak's load) holds: its HTTP
 * clients keep a pool of connections to the gateway's REST API and the sandbox's control API, and the pool grows with
 * the requests in flight at the busiest moment (a drop batch, a GC pause) and, reused round-robin, never shrinks while
 * the load runs. Those are the load's, not a leak of the process sampled; the soak counts them apart. Read from
 * {@code /proc/net/tcp} and {@code tcp6} (inode, local and remote endpoint) and the two processes' descriptors.
 */
final class PeerSockets {

    private PeerSockets() {
    }

    /** The socket inodes among a process's descriptors ({@code socket:[inode]}). */
    static Set<Long> socketInodes(Path fdDirectory) {
        Set<Long> inodes = new HashSet<>();
        try (var entries = Files.list(fdDirectory)) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            System.out.println(fdDirectory + ": " + e.getMessage());
        }
        return inodes;
    }

    /** How many of {@code inodes} (another process's sockets) are connected to a socket of this process. */
    static int connectedToThisProcess(Set<Long> inodes) {
        Map<Long, String[]> endpoints = tcpEndpoints();
        Set<String> ours = new HashSet<>();
        for (long inode : socketInodes(Path.of("/proc/self/fd"))) {
            String[] local = endpoints.get(inode);
            if (local != null) {
                ours.add(local[0]);
            }
        }
        int count = 0;
        for (long inode : inodes) {
            String[] endpoint = endpoints.get(inode);
            if (endpoint != null && ours.contains(endpoint[1])) {
                count++;
            }
        }
        return count;
    }

    /** Every TCP socket of the network namespace: inode to {local, remote} as the kernel prints them. */
    private static Map<Long, String[]> tcpEndpoints() {
        Map<Long, String[]> endpoints = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && !fields[9].equals("0")) {
                        endpoints.put(Long.parseLong(fields[9]), new String[]{fields[1], fields[2]});
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no IPv6 table on this machine: the IPv4 one is all there is
            }
        }
        return endpoints;
    }
}
