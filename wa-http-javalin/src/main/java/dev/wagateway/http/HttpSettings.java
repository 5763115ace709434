package dev.wagateway.http;

import java.util.List;

/**
 * What the HTTP adapter needs from the configuration.
 *
 * @param basePath  route prefix: empty, or starting with {@code /} and without a trailing one
 * @param gzipLevel 0 default, 1 fastest, 2 smallest; any other value disables compression
 * @param maxMediaBytes the largest file accepted on the file upload routes (their bodies are spooled to disk)
 */
public record HttpSettings(String host, int port, String basePath, List<String> corsOrigins, long maxBodyBytes,
                           int gzipLevel, long maxMediaBytes) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** Settings whose file uploads have the general body limit. */
    public HttpSettings(String host, int port, String basePath, List<String> corsOrigins, long maxBodyBytes,
                        int gzipLevel) {
        this(host, port, basePath, corsOrigins, maxBodyBytes, gzipLevel, maxBodyBytes);
    }
}
