package dev.wagateway.app.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The cap on open HTTP connections when {@code HTTP_MAX_CONNECTIONS} is not set: half the process's open-file limit,
 * at most {@value #DEFAULT_MAX} (memory). The other half stays for what the gateway itself opens (a WhatsApp connection per
 * device, the database's sockets, files and the embedded server's processes): in an overload benchmark the HTTP
 * connections took every descriptor, the database could not be reached, and the gateway stopped.
 */
public final class HttpConnectionCap {

    /**
     * The default cap where the open-file limit is high or unknown. A connection whose request the gateway has not
     * answered yet held about 95 KiB of heap in the overload benchmark (8,454 of them filled a 1 GiB heap beside 1,000
     * devices): 4,096 of them stay under 400 MiB.
     */
    static final int DEFAULT_MAX = 4_096;

    private HttpConnectionCap() {
    }

    /** {@code configured} when set (above 0), else the default for this process. */
    public static int resolve(int configured) {
        return configured > 0 ? configured : forOpenFileLimit(openFileLimit());
    }

    /** The default for a process allowed {@code openFiles} descriptors (0 or less: unknown). */
    static int forOpenFileLimit(long openFiles) {
        if (openFiles <= 0) {
            return DEFAULT_MAX;
        }
        return (int) Math.max(1, Math.min(DEFAULT_MAX, openFiles / 2));
    }

    private static long openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0;
    }
}
