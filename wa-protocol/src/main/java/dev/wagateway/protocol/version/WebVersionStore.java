package dev.wagateway.protocol.version;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: the last web version fetched successfully, kept across restarts so that a process started while WhatsApp's
 * page cannot be reached still logs in with the newest version it ever saw. One per process (not per device).
 */
public interface WebVersionStore {

    /** The last version saved, and when it was fetched. */
    Optional<Fetched> load();

    /** Replaces the saved version; durable when it returns. */
    void save(Fetched fetched);

    /**
     * A version and when it was fetched.
     *
     * @param version   the version the page announced
     * @param fetchedAt when it was read
     */
    record Fetched(WebVersion version, Instant fetchedAt) {
    }
}
