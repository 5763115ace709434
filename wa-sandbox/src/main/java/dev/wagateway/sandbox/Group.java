package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A group or community held by the sandbox: members and roles, pending join requests, subject, description,
 * settings, picture, invite code and direct invites, community links. The fields are read and written only inside
 * {@link #locked}, which the group service holds for a whole IQ so that a check and its change are one step;
 * {@link #infoNode(Directory)} renders the {@code <group>} node of protocol §11.2.
 */
final class Group {

    /** A member's standing. */
    enum Role { MEMBER, ADMIN, SUPERADMIN }

    /** An invite the server issued instead of adding a user whose privacy refused it (protocol §11.1 add). */
    record DirectInvite(String code, long expiration, Jid admin) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    final Jid jid;
    final Jid creator;
    final long creation;
    final String addressingMode;
    final boolean community;
    final Map<Jid, Role> members = new LinkedHashMap<>();
    final Map<Jid, Long> pending = new LinkedHashMap<>();
    final Map<Jid, DirectInvite> directInvites = new LinkedHashMap<>();
    /** A community's linked groups, the announcement group first. */
    final Set<Jid> subGroups = new LinkedHashSet<>();
    String subject;
    Jid subjectOwner;
    long subjectTime;
    String descriptionId;
    String description;
    Jid descriptionOwner;
    long descriptionTime;
    boolean announcement;
    boolean locked;
    String memberAddMode = "admin_add";
    boolean joinApproval;
    int ephemeral;
    Jid linkedParent;
    boolean defaultSubGroup;
    String pictureId;
    byte[] picture;
    String inviteCode;
    long versionCounter;

    Group(Jid jid, Jid creator, String subject, long creation, String inviteCode, String addressingMode,
          boolean community) {
        this.jid = jid;
        this.creator = creator;
        this.creation = creation;
        this.subject = subject;
        this.subjectOwner = creator;
        this.subjectTime = creation;
        this.inviteCode = inviteCode;
        this.addressingMode = addressingMode;
        this.community = community;
        members.put(creator, Role.SUPERADMIN);
    }

    Jid jid() {
        return jid;
    }

    /** Runs {@code change} under the group's lock. */
    <T> T locked(Supplier<T> change) {
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    boolean isMember(Jid user) {
        return locked(() -> members.containsKey(user.toNonAd()));
    }

    boolean isAdmin(Jid user) {
        return locked(() -> members.getOrDefault(user.toNonAd(), Role.MEMBER) != Role.MEMBER);
    }

    List<Jid> members() {
        return locked(() -> new ArrayList<>(members.keySet()));
    }

    boolean announcementOnly() {
        return locked(() -> announcement);
    }

    String inviteCode() {
        return locked(() -> inviteCode);
    }

    /** A new version id for the member list or settings ({@code v_id}), as whatsmeow requires on some changes. */
    String nextVersion() {
        return locked(() -> Long.toString(creation * 1000 + ++versionCounter));
    }

    /** Whether members are addressed by LID (with {@code phone_number}) rather than by phone number. */
    boolean lidAddressed() {
        return "lid".equals(addressingMode);
    }

    /**
     * The {@code <group>} node of info answers: everything a member sees. In a LID-addressed group each participant
     * is listed by LID with its {@code phone_number} (whatsmeow {@code parseParticipant}, Baileys
     * {@code extractGroupMetadata}); members are kept by phone number, {@code directory} gives their LIDs.
     */
    Node infoNode(Directory directory) {
        return locked(() -> {
            List<Node> children = new ArrayList<>();
            members.forEach((member, role) -> children.add(participantNode(member, role, this, directory)));
            if (description != null) {
                children.add(Node.builder("description").attribute("id", descriptionId)
                        .attribute("participant", descriptionOwner).attribute("t", descriptionTime)
                        .children(Node.builder("body").bytes(description.getBytes(StandardCharsets.UTF_8)).build())
                        .build());
            }
            if (announcement) {
                children.add(Node.of("announcement"));
            }
            if (locked) {
                children.add(Node.of("locked"));
            }
            if (ephemeral > 0) {
                children.add(Node.builder("ephemeral").attribute("expiration", ephemeral).build());
            }
            children.add(Node.builder("member_add_mode").text(memberAddMode).build());
            if (joinApproval) {
                children.add(Node.builder("membership_approval_mode").children(Node.builder("group_join")
                        .attribute("state", "on").build()).build());
            }
            if (community) {
                children.add(Node.builder("parent").attribute("default_membership_approval_mode", "request_required")
                        .build());
            }
            if (linkedParent != null) {
                children.add(Node.builder("linked_parent").attribute("jid", linkedParent).build());
            }
            if (defaultSubGroup) {
                children.add(Node.of("default_sub_group"));
            }
            return Node.builder("group").attribute("id", jid.user()).attribute("creator", creator)
                    .attribute("creation", creation).attribute("subject", subject).attribute("s_t", subjectTime)
                    .attribute("s_o", subjectOwner).attribute("size", members.size())
                    .attribute("addressing_mode", addressingMode).attribute("p_v_id", versionCounter)
                    .children(children).build();
        });
    }

    /** The {@code <group>} a community lists among its sub-groups. */
    Node linkNode(String idAttribute) {
        return locked(() -> {
            Node.Builder node = Node.builder("group").attribute(idAttribute,
                    idAttribute.equals("id") ? jid.user() : jid.toString())
                    .attribute("subject", subject).attribute("s_t", subjectTime);
            if (defaultSubGroup) {
                node.children(Node.of("default_sub_group"));
            }
            return node.build();
        });
    }

    static Node participantNode(Jid member, Role role, Group group, Directory directory) {
        Node.Builder participant = Node.builder("participant");
        Optional<Jid> lid = group.lidAddressed() ? directory.account(member).map(Account::lid) : Optional.empty();
        if (lid.isPresent()) {
            participant.attribute("jid", lid.get()).attribute("phone_number", member);
        } else {
            participant.attribute("jid", member);
        }
        if (role != Role.MEMBER) {
            participant.attribute("type", role == Role.SUPERADMIN ? "superadmin" : "admin");
        }
        return participant.build();
    }
}
