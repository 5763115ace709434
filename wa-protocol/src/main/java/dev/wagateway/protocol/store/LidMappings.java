package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.util.Optional;

/**
 * Port: which hidden-number user id (LID, {@code …@lid}) belongs to which phone-number user ({@code …@s.whatsapp.net}),
 * as the server and peers reveal them. Both sides are user JIDs without a device. Durable when a save returns.
 */
public interface LidMappings {

    /** Records that {@code phoneUser} and {@code lidUser} are the same account (replacing older pairings of either). */
    void save(Jid phoneUser, Jid lidUser);

    /** The LID of a phone-number user. */
    Optional<Jid> lidOf(Jid phoneUser);

    /** The phone-number user of a LID. */
    Optional<Jid> phoneOf(Jid lidUser);
}
