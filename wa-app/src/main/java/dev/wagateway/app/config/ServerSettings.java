package dev.wagateway.app.config;

import java.util.List;

/**
 * HTTP server and logging settings (contract §9.2).
 *
 * @param basePath     route prefix, normalised: empty, or a leading {@code /} and no trailing one
 * @param gzipLevel    0 default level, 1 fastest, 2 smallest, any other value disables compression
 * @param maxConnections {@code HTTP_MAX_CONNECTIONS}: the most HTTP connections open at once, 0 = chosen from the
 *                     process's open-file limit ({@link HttpConnectionCap})
 */
public record ServerSettings(
        String address,
        int port,
        String basePath,
        List<String> corsOrigins,
        long bodyLimitBytes,
        int gzipLevel,
        int cacheTtlSeconds,
        int cacheCapacity,
        String logLevel,
        String logFormat,
        int maxConnections) {

    public ServerSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
