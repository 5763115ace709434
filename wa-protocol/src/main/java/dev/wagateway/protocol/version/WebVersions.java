package dev.wagateway.protocol.version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The web version the clients of a process announce, kept current (finding: a pinned version means every device is
 * refused with 405 once WhatsApp retires it). It starts from the last version saved in the {@link WebVersionStore};
 * {@link #refresh(boolean)} reads the version page (at start and daily, scheduled by the application) and saves what
 * it found; a client refused with 405 asks {@link #newerThan(WebVersion)} once before giving up. One refresh runs at
 * a time: a burst of refused clients leads to one fetch.
 */
public final class WebVersions {

    private static final Logger log = LoggerFactory.getLogger(WebVersions.class);

    private final Optional<URI> source;
    private final WebVersionFetcher fetcher;
    private final WebVersionStore store;
    private final Clock clock;
    private final Duration minInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile WebVersionStore.Fetched current;
    private volatile boolean loaded;
    private volatile Instant lastAttempt;
    private volatile String lastError = "";

    /**
     * @param source      the page announcing the current version (WhatsApp's own, {@link WebVersionPage#DEFAULT_URL})
     * @param fetcher     how it is read
     * @param store       where the last good version is kept
     * @param minInterval a refresh that is not forced waits this long after the previous attempt
     */
    public WebVersions(URI source, WebVersionFetcher fetcher, WebVersionStore store, Clock clock,
                       Duration minInterval) {
        this(Optional.of(source), fetcher, store, clock, minInterval);
    }

    private WebVersions(Optional<URI> source, WebVersionFetcher fetcher, WebVersionStore store, Clock clock,
                        Duration minInterval) {
        this.source = source;
        this.fetcher = fetcher;
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    }

    /** No source and nothing saved: clients announce their configured version, and a 405 stops them. */
    public static WebVersions pinned() {
        return new WebVersions(Optional.empty(), null, new InMemoryWebVersionStore(), Clock.systemUTC(),
                Duration.ZERO);
    }

    /** The newest version known (fetched or saved); empty when none was ever fetched. */
    public Optional<WebVersion> current() {
        return fetched().map(WebVersionStore.Fetched::version);
    }

    /** The newest version known and when it was fetched. */
    public Optional<WebVersionStore.Fetched> fetched() {
        if (!loaded) {
            lock.lock();
            try {
                if (!loaded) {
                    try {
                        current = store.load().orElse(null);
                    } catch (RuntimeException e) {
                        log.warn("cannot load the saved web version: {}", e.getMessage());
                    }
                    loaded = true;
                }
            } finally {
                lock.unlock();
            }
        }
        return Optional.ofNullable(current);
    }

    /** Why the last refresh failed, empty after a success. */
    public String lastError() {
        return lastError;
    }

    /**
     * Reads the version page now (or, unless {@code force}, only when the last attempt is older than the minimum
     * interval) and saves a version newer than the one known. Never throws: a failure keeps the last good version.
     */
    public Refresh refresh(boolean force) {
        if (source.isEmpty()) {
            return new Refresh(current(), false, true, "no version source configured");
        }
        lock.lock();
        try {
            Instant now = clock.instant();
            Instant previous = lastAttempt;
            if (!force && previous != null && previous.plus(minInterval).isAfter(now)) {
                return new Refresh(current(), false, false, lastError);
            }
            lastAttempt = now;
            WebVersion found;
            try {
                found = fetcher.fetch(source.get());
            } catch (IOException e) {
                lastError = e.getMessage();
                log.warn("web version refresh failed, keeping {}: {}", current().map(Object::toString)
                        .orElse("the configured version"), e.getMessage());
                return new Refresh(current(), false, true, lastError);
            }
            lastError = "";
            Optional<WebVersion> known = current();
            if (known.isPresent() && !known.get().olderThan(found)) {
                return new Refresh(known, false, true, "");
            }
            WebVersionStore.Fetched fresh = new WebVersionStore.Fetched(found, now);
            try {
                store.save(fresh);
            } catch (RuntimeException e) {
                log.warn("cannot save web version {}: {}", found, e.getMessage());
            }
            current = fresh;
            log.info("web version is now {}", found);
            return new Refresh(Optional.of(found), true, true, "");
        } finally {
            lock.unlock();
        }
    }

    /**
     * After WhatsApp refused {@code refused} as outdated (405): a version newer than it, refreshing the page once
     * when the known one is not newer. Empty when none is to be had: the client then stops instead of looping.
     */
    public Optional<WebVersion> newerThan(WebVersion refused) {
        Optional<WebVersion> known = current();
        if (known.isPresent() && refused.olderThan(known.get())) {
            return known; // another client refreshed meanwhile
        }
        return refresh(true).version().filter(refused::olderThan);
    }

    /**
     * What a refresh did.
     *
     * @param version   the newest version known afterwards
     * @param refreshed whether a newer version was found and saved
     * @param attempted whether the page was read now (false when a refresh that was not forced came too soon
     *                  after the previous attempt)
     * @param error     why the page could not be read, empty on success
     */
    public record Refresh(Optional<WebVersion> version, boolean refreshed, boolean attempted, String error) {
    }
}
