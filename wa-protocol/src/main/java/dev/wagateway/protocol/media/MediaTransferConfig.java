package dev.wagateway.protocol.media;

import dev.wagateway.protocol.proxy.ProxySettings;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How media is moved over HTTPS.
 *
 * @param sslContext      the TLS context (the default trusts the JDK's CAs; a sandbox passes one trusting its own CA)
 * @param connectTimeout  per connection
 * @param requestTimeout  per request, body included
 * @param maxBytes        the largest plaintext uploaded and the largest download accepted (ciphertext)
 * @param tempDirectory   where encrypted files wait for upload and downloads wait for verification
 * @param attemptsPerHost tries per host on a network error or a 5xx before the next host
 * @param proxy           the proxy every transfer goes through (the client's), or none for direct connections
 */
public record MediaTransferConfig(SSLContext sslContext, Duration connectTimeout, Duration requestTimeout,
                                  long maxBytes, Path tempDirectory, int attemptsPerHost,
                                  Optional<ProxySettings> proxy) {

    /** 100 MiB, the gateway's default media limit. */
    public static final long DEFAULT_MAX_BYTES = 100L << 20;

    public MediaTransferConfig {
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        Objects.requireNonNull(proxy, "proxy");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (attemptsPerHost < 1) {
            throw new IllegalArgumentException("attemptsPerHost must be at least 1");
        }
    }

    /** The JDK's default TLS trust, 100 MiB, the system temporary folder, 2 tries per host. */
    public static MediaTransferConfig defaults() {
        try {
            return withSslContext(SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
        }
    }

    /** The defaults with {@code sslContext}. */
    public static MediaTransferConfig withSslContext(SSLContext sslContext) {
        return new MediaTransferConfig(sslContext, Duration.ofSeconds(20), Duration.ofMinutes(10), DEFAULT_MAX_BYTES,
                Path.of(System.getProperty("java.io.tmpdir")), 2, Optional.empty());
    }

    /** A copy with another size limit. */
    public MediaTransferConfig withMaxBytes(long limit) {
        return new MediaTransferConfig(sslContext, connectTimeout, requestTimeout, limit, tempDirectory, attemptsPerHost,
                proxy);
    }

    /** A copy whose temporary files go to {@code folder}. */
    public MediaTransferConfig withTempDirectory(Path folder) {
        return new MediaTransferConfig(sslContext, connectTimeout, requestTimeout, maxBytes, folder, attemptsPerHost,
                proxy);
    }

    /** A copy whose transfers go through {@code through} (or straight to the hosts when empty). */
    public MediaTransferConfig withProxy(Optional<ProxySettings> through) {
        return new MediaTransferConfig(sslContext, connectTimeout, requestTimeout, maxBytes, tempDirectory,
                attemptsPerHost, through);
    }
}
