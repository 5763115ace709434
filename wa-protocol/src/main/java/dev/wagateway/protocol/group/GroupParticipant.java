package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.util.Objects;
import java.util.Optional;

/**
 * A member of a group as the server lists it (protocol §11.2).
 *
 * @param jid         the address the group uses for the member: a phone-number JID, or a LID in LID-addressed groups
 * @param phoneNumber the phone-number JID: {@code jid} itself, or the {@code phone_number} attribute of a LID member
 * @param lid         the LID: {@code jid} itself, or the {@code lid} attribute of a phone-number member
 * @param role        member, admin or superadmin
 * @param displayName the name WhatsApp shows for a member whose number is hidden, when given
 */
public record GroupParticipant(Jid jid, Optional<Jid> phoneNumber, Optional<Jid> lid, ParticipantRole role,
                               Optional<String> displayName) {

    public GroupParticipant {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(phoneNumber, "phoneNumber");
        Objects.requireNonNull(lid, "lid");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(displayName, "displayName");
    }
}
