package dev.wagateway.core.contact;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone the device's account knows, as the phone told it (history sync) and messages showed.
 *
 * @param jid       the contact's user JID (phone number; a LID when the number is unknown)
 * @param lid       their LID, when known
 * @param name      the name the account's phone gives them (its chat list), empty when none
 * @param pushName  the name they gave themselves, empty when unknown
 * @param updatedAt when any of it last changed
 */
public record Contact(String jid, Optional<String> lid, String name, String pushName, Instant updatedAt) {

    /** Checks presence. */
    public Contact {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(lid, "lid");
        name = name == null ? "" : name;
        pushName = pushName == null ? "" : pushName;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
