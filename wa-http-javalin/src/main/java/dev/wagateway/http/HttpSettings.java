package dev.wagateway.http;

import java.nio.file.Path;
import java.util.List;

/**
 * What the HTTP adapter needs from the configuration.
 *
 * @param basePath  route prefix: empty, or starting with {@code /} and without a trailing one
 * @param gzipLevel 0 default, 1 fastest, 2 smallest; any other value disables compression
 * @param maxMediaBytes the largest file accepted on the file upload routes (their bodies are spooled to disk)
 * @param maxConnections the most connections open at once; at the cap the server stops accepting (new ones wait in
 *                       the kernel's backlog) until one closes; 0 = no cap
 * @param tempDirectory  where file uploads are spooled while their request runs
 */
public record HttpSettings(String host, int port, String basePath, List<String> corsOrigins, long maxBodyBytes,
                           int gzipLevel, long maxMediaBytes, int maxConnections, Path tempDirectory) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Settings without a cap on connections, spooling uploads to the system's temporary folder. */
    public HttpSettings(String host, int port, String basePath, List<String> corsOrigins, long maxBodyBytes,
                        int gzipLevel, long maxMediaBytes) {
        this(host, port, basePath, corsOrigins, maxBodyBytes, gzipLevel, maxMediaBytes, 0,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Settings whose file uploads have the general body limit. */
    public HttpSettings(String host, int port, String basePath, List<String> corsOrigins, long maxBodyBytes,
                        int gzipLevel) {
        this(host, port, basePath, corsOrigins, maxBodyBytes, gzipLevel, maxBodyBytes);
    }
}
