package dev.wagateway.core.version;

import dev.wagateway.protocol.version.WebVersion;

import java.time.Instant;
import java.util.Optional;

/**
 * What the admin version routes report.
 *
 * @param version       the version new connections announce
 * @param lastRefreshed when the newest known version was fetched; empty when none ever was (the configured one)
 * @param lastError     why the last refresh failed, empty after a success
 * @param refreshed     whether this call found and saved a newer version (false for a plain read)
 */
public record WebVersionStatus(WebVersion version, Optional<Instant> lastRefreshed, String lastError,
                               boolean refreshed) {
}
