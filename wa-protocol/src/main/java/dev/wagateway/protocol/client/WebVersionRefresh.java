package dev.wagateway.protocol.client;

import dev.wagateway.protocol.client.connection.ClientPayloads;
import dev.wagateway.protocol.client.connection.EventDispatcher;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.version.WebVersion;
import dev.wagateway.protocol.version.WebVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * The web version one client's connection attempts announce, and the one refresh of it after a 405: the newer
 * version when one is known, else the client stops. Part of {@link ConnectionLifecycle}, which owns the runs: this
 * class is told which run was refused and asks the lifecycle whether that run is still the current one.
 */
final class WebVersionRefresh {

    private static final Logger log = LoggerFactory.getLogger(WebVersionRefresh.class);

    private final ClientPayloads payloads;
    private final WebVersions versions;
    private final EventDispatcher events;
    /** Whether a run is still the current one and the client running. */
    private final LongPredicate current;
    /** Makes a new attempt in a run. */
    private final LongConsumer reconnect;
    /** Stops the client if the run is still the current one. */
    private final LongConsumer stop;
    /** The web version the current (or last) attempt announced. */
    private volatile WebVersion announced;
    /** A 405 already led to a version refresh in this run: the next one stops (reset by a login or a start). */
    private volatile boolean refreshed;

    WebVersionRefresh(ClientPayloads payloads, WebVersions versions, EventDispatcher events, LongPredicate current,
                      LongConsumer reconnect, LongConsumer stop) {
        this.payloads = payloads;
        this.versions = versions;
        this.events = events;
        this.current = current;
        this.reconnect = reconnect;
        this.stop = stop;
    }

    /** The version an attempt announces: the configured one, or the refreshed one when it is newer. */
    WebVersion forAttempt() {
        WebVersion configured = payloads.configuredVersion();
        WebVersion version = versions.current().filter(configured::olderThan).orElse(configured);
        announced = version;
        return version;
    }

    /** A start or a login: the next 405 may refresh again. */
    void reset() {
        refreshed = false;
    }

    /**
     * After a 405 in {@code outdatedRun}: one refresh of the web version (on a virtual thread: it reads a web page)
     * and, when it found a newer version, one reconnect; otherwise the client stops.
     *
     * @param running whether the client was running when the close was taken in
     */
    void afterOutdated(String why, long outdatedRun, boolean running) {
        WebVersion refused = announced;
        boolean retry = running && !refreshed && refused != null;
        refreshed = true;
        Thread.ofVirtual().name("wa-version-refresh").start(() -> {
            Optional<WebVersion> newer = retry ? versions.newerThan(refused) : Optional.empty();
            if (newer.isPresent() && current.test(outdatedRun)) {
                log.info("web version {} refused; reconnecting with {}", refused, newer.get());
                events.emit(new WaEvent.Disconnected(why, true, true));
                reconnect.accept(outdatedRun);
                return;
            }
            stop.accept(outdatedRun);
            log.warn("web version {} refused and no newer version is known: staying offline", refused);
            events.emit(new WaEvent.Disconnected(why, false, true));
        });
    }
}
