package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create (protocol §11.1 "create" and its options; whatsmeow {@code ReqCreateGroup}). Start from
 * {@link #group} or {@link #community} and derive with the {@code with…} methods.
 *
 * @param subject          the name (WhatsApp refuses an empty or overlong one)
 * @param participants     the other members; the creator is added by the server
 * @param description      the first description, with the id it gets
 * @param memberAddMode    who may add members
 * @param announce         only admins send
 * @param locked           only admins edit the info
 * @param ephemeralSeconds the disappearing timer, 0 for off
 * @param joinApproval     joiners need an admin's approval
 * @param community        create a community ({@code <parent>}) rather than a group
 * @param linkedParent     create the group inside this community
 * @param createKey        the client's id for the creation ({@code key}; Baileys sends one), or empty
 */
public record NewGroup(String subject, List<Jid> participants, Optional<Description> description,
                       MemberAddMode memberAddMode, boolean announce, boolean locked, int ephemeralSeconds,
                       boolean joinApproval, boolean community, Optional<Jid> linkedParent, Optional<String> createKey) {

    /** A description given at creation, with its id (a message-id–style string). */
    public record Description(String id, String text) {
        public Description {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    public NewGroup {
        Objects.requireNonNull(subject, "subject");
        participants = List.copyOf(participants);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(memberAddMode, "memberAddMode");
        Objects.requireNonNull(linkedParent, "linkedParent");
        Objects.requireNonNull(createKey, "createKey");
        if (ephemeralSeconds < 0) {
            throw new IllegalArgumentException("ephemeral timer must not be negative");
        }
        if (community && linkedParent.isPresent()) {
            throw new IllegalArgumentException("a community cannot itself be inside a community");
        }
        linkedParent.filter(parent -> !parent.isGroup()).ifPresent(parent -> {
            throw new IllegalArgumentException("linked parent is not a group JID: " + parent);
        });
    }

    /** A plain group; members may add others as whatsmeow creates groups by default. */
    public static NewGroup group(String subject, List<Jid> participants) {
        return new NewGroup(subject, participants, Optional.empty(), MemberAddMode.ALL_MEMBERS, false, false, 0,
                false, false, Optional.empty(), Optional.empty());
    }

    /** A community: the server creates its announcement group along with it. */
    public static NewGroup community(String subject) {
        return new NewGroup(subject, List.of(), Optional.empty(), MemberAddMode.ADMINS, false, false, 0, false, true,
                Optional.empty(), Optional.empty());
    }

    public NewGroup withDescription(String id, String text) {
        return new NewGroup(subject, participants, Optional.of(new Description(id, text)), memberAddMode, announce,
                locked, ephemeralSeconds, joinApproval, community, linkedParent, createKey);
    }

    public NewGroup withMemberAddMode(MemberAddMode mode) {
        return new NewGroup(subject, participants, description, mode, announce, locked, ephemeralSeconds,
                joinApproval, community, linkedParent, createKey);
    }

    public NewGroup withAnnounce(boolean on) {
        return new NewGroup(subject, participants, description, memberAddMode, on, locked, ephemeralSeconds,
                joinApproval, community, linkedParent, createKey);
    }

    public NewGroup withLocked(boolean on) {
        return new NewGroup(subject, participants, description, memberAddMode, announce, on, ephemeralSeconds,
                joinApproval, community, linkedParent, createKey);
    }

    public NewGroup withEphemeral(int seconds) {
        return new NewGroup(subject, participants, description, memberAddMode, announce, locked, seconds,
                joinApproval, community, linkedParent, createKey);
    }

    public NewGroup withJoinApproval(boolean on) {
        return new NewGroup(subject, participants, description, memberAddMode, announce, locked, ephemeralSeconds,
                on, community, linkedParent, createKey);
    }

    public NewGroup inCommunity(Jid community) {
        return new NewGroup(subject, participants, description, memberAddMode, announce, locked, ephemeralSeconds,
                joinApproval, false, Optional.of(community), createKey);
    }

    public NewGroup withCreateKey(String key) {
        return new NewGroup(subject, participants, description, memberAddMode, announce, locked, ephemeralSeconds,
                joinApproval, community, linkedParent, Optional.of(key));
    }
}
