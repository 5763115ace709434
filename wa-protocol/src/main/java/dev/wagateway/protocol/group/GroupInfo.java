package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A group as the server describes it (the {@code <group>} node of protocol §11.2; whatsmeow {@code GroupInfo},
 * Baileys {@code GroupMetadata}).
 *
 * @param jid                           {@code <id>@g.us}
 * @param owner                         the creator, when given
 * @param ownerPn                       the creator's phone-number JID in LID-addressed groups
 * @param subject                       the name; empty when the server sent none
 * @param subjectSetAt                  when the name was set
 * @param subjectSetBy                  who set the name
 * @param subjectSetByPn                who set the name, as a phone-number JID, in LID-addressed groups
 * @param description                   the description (topic), when set
 * @param locked                        only admins may edit the group's info
 * @param announce                      only admins may send
 * @param ephemeralSeconds              the disappearing-messages timer, 0 when off
 * @param incognito                     members' numbers are hidden
 * @param suspended                     WhatsApp suspended the group
 * @param community                     this is a community (the {@code <parent>} element)
 * @param defaultMembershipApprovalMode a community's join policy for its subgroups, when given
 * @param defaultSubGroup               this is a community's announcement group
 * @param linkedParent                  the community this group belongs to
 * @param memberAddMode                 who may add members, when the server said
 * @param joinApprovalRequired          joiners wait for an admin's approval
 * @param created                       when the group was created
 * @param participantVersionId          the member list's version ({@code p_v_id})
 * @param addressingMode                phone numbers or LIDs
 * @param size                          the member count ({@code size}, or the number of participants listed)
 * @param participants                  the members listed (may be empty in previews)
 */
public record GroupInfo(Jid jid, Optional<Jid> owner, Optional<Jid> ownerPn, String subject,
                        Optional<Instant> subjectSetAt, Optional<Jid> subjectSetBy, Optional<Jid> subjectSetByPn,
                        Optional<GroupDescription> description, boolean locked, boolean announce, int ephemeralSeconds,
                        boolean incognito, boolean suspended, boolean community,
                        Optional<String> defaultMembershipApprovalMode, boolean defaultSubGroup,
                        Optional<Jid> linkedParent, Optional<MemberAddMode> memberAddMode,
                        boolean joinApprovalRequired, Optional<Instant> created, Optional<String> participantVersionId,
                        AddressingMode addressingMode, int size, List<GroupParticipant> participants) {

    public GroupInfo {
        participants = List.copyOf(participants);
    }

    /** The member listed as {@code user} (by its JID, phone number or LID). */
    public Optional<GroupParticipant> participant(Jid user) {
        Jid wanted = user.toNonAd();
        return participants.stream().filter(p -> p.jid().equals(wanted) || p.phoneNumber().equals(Optional.of(wanted))
                || p.lid().equals(Optional.of(wanted))).findFirst();
    }
}
