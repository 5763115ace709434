package dev.wagateway.core.version;

import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersionStore;
import dev.wagateway.protocol.version.WebVersions;

import java.util.Objects;
import java.util.Optional;

/**
 * The admin view of the WhatsApp Web version the sessions announce (api.md §6.1): which one new connections use and
 * a refresh on demand. The version itself is kept current by {@link WebVersions}; this only reports and triggers.
 */
public final class WebVersionService {

    private final WebVersions versions;
    private final WebVersion configured;

    /**
     * @param versions   the process's refreshed versions
     * @param configured the version the client configuration names, used while no newer one was fetched (and
     *                   always, when {@code WHATSAPP_VERSION_PATCH} pins it)
     */
    public WebVersionService(WebVersions versions, WebVersion configured) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    /** The version new connections announce, when it was last fetched, and why the last refresh failed. */
    public WebVersionStatus status() {
        return status(false);
    }

    /**
     * Reads the version page now ({@code force}) or unless the last attempt is too recent
     * ({@code WHATSAPP_WAVERSION_REFRESH_MIN_INTERVAL}).
     *
     * @throws WhatsAppFailureException when the page could not be read (the last good version stays in use)
     */
    public WebVersionStatus refresh(boolean force) {
        WebVersions.Refresh refresh = versions.refresh(force);
        if (refresh.attempted() && !refresh.error().isEmpty()) {
            throw new WhatsAppFailureException("Failed to refresh WhatsApp Web version: " + refresh.error());
        }
        return status(refresh.refreshed());
    }

    private WebVersionStatus status(boolean refreshed) {
        Optional<WebVersionStore.Fetched> fetched = versions.fetched();
        WebVersion inUse = fetched.map(WebVersionStore.Fetched::version).filter(configured::olderThan)
                .orElse(configured);
        return new WebVersionStatus(inUse, fetched.map(WebVersionStore.Fetched::fetchedAt), versions.lastError(),
                refreshed);
    }
}
