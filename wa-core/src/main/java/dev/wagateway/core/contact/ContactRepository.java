package dev.wagateway.core.contact;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the contacts of each device, one row per contact JID. */
public interface ContactRepository {

    /**
     * Sets {@code jid}'s push name (creating the contact); the previous push name ({@code ""} for a new contact) when
     * it changed, empty when it was already that.
     */
    Optional<String> setPushName(UUID deviceId, String jid, String pushName, Instant at);

    /** Sets the name the phone gives {@code jid} (creating the contact); the previous one when it changed. */
    Optional<String> setName(UUID deviceId, String jid, String name, Instant at);

    /** Notes {@code jid}'s LID (creating the contact). */
    void setLid(UUID deviceId, String jid, String lid, Instant at);

    /** Up to {@code limit} contacts ordered by JID, after {@code after} when given. */
    List<Contact> page(UUID deviceId, int limit, Optional<String> after);
}
