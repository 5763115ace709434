package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change announced by a {@code <notification type="w:gp2">} (protocol §11.4; whatsmeow
 * {@code parseGroupChange}/{@code parseGroupCreate}, Baileys {@code handleGroupNotification}). A notification may
 * carry several children; each becomes one of these, with the notification's {@link Context}.
 */
public sealed interface GroupNotification {

    /** The notification every change came in. */
    Context context();

    /**
     * @param id       the notification id (to acknowledge it)
     * @param group    the group ({@code from})
     * @param author   who made the change ({@code participant}), absent for the server's own changes
     * @param authorPn the author's phone-number JID in LID-addressed groups ({@code participant_pn})
     * @param at       when ({@code t})
     */
    record Context(String id, Jid group, Optional<Jid> author, Optional<Jid> authorPn, Instant at) {
    }

    /** We were put in a new group (created with us in it), with its full info. */
    record Created(Context context, GroupInfo info, Optional<String> reason, Optional<String> createKey)
            implements GroupNotification {
    }

    /** What happened to the listed members. */
    enum MemberChange {
        /** Added by an admin, or joined ({@code reason="invite"} when by link). */
        ADDED,
        /** Removed by an admin. */
        REMOVED,
        /** Left by themselves. */
        LEFT,
        PROMOTED,
        DEMOTED,
        /** Changed their number ({@code modify}). */
        NUMBER_CHANGED
    }

    /**
     * Members added, removed, left, promoted, demoted or renumbered.
     *
     * @param reason            why ({@code reason} on add: e.g. {@code invite})
     * @param versionId         the member list's new version ({@code v_id})
     * @param previousVersionId its version before ({@code prev_v_id})
     */
    record MembersChanged(Context context, MemberChange change, List<GroupParticipant> participants,
                          Optional<String> reason, Optional<String> versionId, Optional<String> previousVersionId)
            implements GroupNotification {
        public MembersChanged {
            participants = List.copyOf(participants);
        }
    }

    /** Renamed. */
    record SubjectChanged(Context context, String subject, Optional<Instant> setAt, Optional<Jid> setBy,
                          Optional<Jid> setByPn) implements GroupNotification {
    }

    /** The description (topic) was set, or deleted (then {@code text} is empty). */
    record DescriptionChanged(Context context, String id, String text, boolean deleted) implements GroupNotification {
    }

    /** Only admins send (on) or everyone (off). */
    record AnnounceChanged(Context context, boolean announce, Optional<String> versionId) implements GroupNotification {
    }

    /** Only admins edit the info (on) or everyone (off). */
    record LockedChanged(Context context, boolean locked) implements GroupNotification {
    }

    /** The disappearing timer; 0 when turned off. */
    record EphemeralChanged(Context context, int seconds) implements GroupNotification {
    }

    /** Who may add members. */
    record MemberAddModeChanged(Context context, MemberAddMode mode) implements GroupNotification {
    }

    /** Whether joiners need approval. */
    record JoinApprovalChanged(Context context, boolean required) implements GroupNotification {
    }

    /** The invite link was reset; {@code code} is the new one. */
    record InviteReset(Context context, String code) implements GroupNotification {
    }

    /** The group was deleted (e.g. a community deactivated). */
    record Deleted(Context context, Optional<String> reason) implements GroupNotification {
    }

    /** A group was linked into (or unlinked from) this community. */
    record SubGroupLinkChanged(Context context, boolean linked, String linkType, SubGroup group,
                               Optional<String> unlinkReason) implements GroupNotification {
    }

    /** Users asked to join a group that needs approval (to admins), with how they asked. */
    record JoinRequested(Context context, List<GroupParticipant> requesters, Optional<String> requestMethod)
            implements GroupNotification {
        public JoinRequested {
            requesters = List.copyOf(requesters);
        }
    }

    /** Join requests withdrawn by the requester or rejected by an admin. */
    record JoinRequestsRevoked(Context context, List<GroupParticipant> requesters) implements GroupNotification {
        public JoinRequestsRevoked {
            requesters = List.copyOf(requesters);
        }
    }

    /** WhatsApp suspended or reinstated the group. */
    record SuspensionChanged(Context context, boolean suspended) implements GroupNotification {
    }

    /** A child this parser does not know, kept so nothing is silently lost. */
    record Unknown(Context context, Node change) implements GroupNotification {
    }
}
