package dev.wagateway.protocol.media;

import java.util.Optional;

/**
 * One media host from {@code media_conn} (protocol §9.4).
 *
 * @param hostname                the host (possibly with {@code :port}) that {@code https://} URLs are built on
 * @param fallbackHostname        the host's {@code fallback_hostname}, when given
 * @param maxContentLengthBytes   the upload limit the host announced, or 0 when it announced none
 */
public record MediaHost(String hostname, Optional<String> fallbackHostname, long maxContentLengthBytes) {

    public MediaHost {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("a media host needs a hostname");
        }
        fallbackHostname = fallbackHostname == null ? Optional.empty() : fallbackHostname;
    }
}
