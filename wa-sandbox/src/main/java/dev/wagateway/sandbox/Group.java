package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A group held by the sandbox: members with their roles, subject, description and settings, and the invite code.
 * All access goes through its lock; {@link #infoNode()} renders the {@code <group>} node of protocol §11.2.
 */
final class Group {

    /** A member's standing. */
    enum Role { MEMBER, ADMIN, SUPERADMIN }

    private final ReentrantLock lock = new ReentrantLock();
    private final Jid jid;
    private final Jid creator;
    private final long creation;
    private final Map<Jid, Role> members = new LinkedHashMap<>();
    private String subject;
    private Jid subjectOwner;
    private long subjectTime;
    private String descriptionId;
    private String description;
    private boolean announcement;
    private boolean locked;
    private String inviteCode;

    Group(Jid jid, Jid creator, String subject, long creation, String inviteCode) {
        this.jid = jid;
        this.creator = creator;
        this.creation = creation;
        this.subject = subject;
        this.subjectOwner = creator;
        this.subjectTime = creation;
        this.inviteCode = inviteCode;
        members.put(creator, Role.SUPERADMIN);
    }

    Jid jid() {
        return jid;
    }

    /** Runs {@code change} under the group's lock. */
    <T> T locked(java.util.function.Supplier<T> change) {
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
        return locked(() -> members.getOrDefault(user.toNonAd(), Role.MEMBER) != Role.MEMBER
                && members.containsKey(user.toNonAd()));
    }

    List<Jid> members() {
        return locked(() -> new ArrayList<>(members.keySet()));
    }

    /** Adds a member; false when already one. */
    boolean add(Jid user) {
        return locked(() -> members.putIfAbsent(user.toNonAd(), Role.MEMBER) == null);
    }

    boolean remove(Jid user) {
        return locked(() -> members.remove(user.toNonAd()) != null);
    }

    boolean setRole(Jid user, Role role) {
        return locked(() -> members.replace(user.toNonAd(), role) != null);
    }

    void subject(String newSubject, Jid by, long time) {
        locked(() -> {
            subject = newSubject;
            subjectOwner = by.toNonAd();
            subjectTime = time;
            return null;
        });
    }

    void description(String id, String text) {
        locked(() -> {
            descriptionId = id;
            description = text;
            return null;
        });
    }

    void announcement(boolean on) {
        locked(() -> announcement = on);
    }

    void lockInfo(boolean on) {
        locked(() -> locked = on);
    }

    boolean announcementOnly() {
        return locked(() -> announcement);
    }

    String inviteCode() {
        return locked(() -> inviteCode);
    }

    void inviteCode(String code) {
        locked(() -> inviteCode = code);
    }

    /** The {@code <group>} node of group info answers. */
    Node infoNode() {
        return locked(() -> {
            List<Node> children = new ArrayList<>();
            members.forEach((member, role) -> {
                Node.Builder participant = Node.builder("participant").attribute("jid", member);
                if (role != Role.MEMBER) {
                    participant.attribute("type", role == Role.SUPERADMIN ? "superadmin" : "admin");
                }
                children.add(participant.build());
            });
            if (description != null) {
                children.add(Node.builder("description").attribute("id", descriptionId)
                        .children(Node.builder("body").bytes(description.getBytes(StandardCharsets.UTF_8)).build())
                        .build());
            }
            if (announcement) {
                children.add(Node.of("announcement"));
            }
            if (locked) {
                children.add(Node.of("locked"));
            }
            return Node.builder("group").attribute("id", jid.user()).attribute("creator", creator)
                    .attribute("creation", creation).attribute("subject", subject).attribute("s_t", subjectTime)
                    .attribute("s_o", subjectOwner).attribute("size", members.size())
                    .attribute("addressing_mode", "pn").children(children).build();
        });
    }
}
