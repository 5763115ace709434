package dev.wagateway.sandbox;

import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.version.WebVersion;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's view of web versions: the oldest it still accepts (an older {@code ClientPayload} gets
 * {@code <failure reason="405">}, as WhatsApp answers a retired version) and the current one it announces where
 * clients look for it ({@code GET /sandbox/web-version}).
 */
public final class WebVersionGate {

    /**
     * The default minimum: a release from early 2026, older than what both references and the gateway ship, so
     * that every maintained client passes and a client stuck on an old pinned version does not.
     */
    public static final WebVersion DEFAULT_MINIMUM = WebVersion.ofRevision(1_030_000_000L);
    /** The default current version (the gateway's own pinned one). */
    public static final WebVersion DEFAULT_CURRENT = WebVersion.ofRevision(1_045_649_367L);

    private final AtomicReference<WebVersion> minimum = new AtomicReference<>(DEFAULT_MINIMUM);
    private final AtomicReference<WebVersion> current = new AtomicReference<>(DEFAULT_CURRENT);

    /** The oldest version accepted. */
    public WebVersion minimum() {
        return minimum.get();
    }

    /** Accepts only {@code version} and newer from now on; the announced version is raised to it if older. */
    public void minimum(WebVersion version) {
        minimum.set(version);
        current.accumulateAndGet(version, (now, floor) -> now.olderThan(floor) ? floor : now);
    }

    /** The version announced to clients. */
    public WebVersion current() {
        return current.get();
    }

    /** Announces {@code version} (which may be older than the minimum, to model a page that lags behind). */
    public void current(WebVersion version) {
        current.set(version);
    }

    /** Whether a client announcing this payload's version is refused. */
    boolean refuses(ClientPayload payload) {
        ClientPayload.UserAgent.AppVersion app = payload.getUserAgent().getAppVersion();
        WebVersion announced = new WebVersion(app.getPrimary(), app.getSecondary(),
                Integer.toUnsignedLong(app.getTertiary()));
        return announced.olderThan(minimum.get());
    }
}
