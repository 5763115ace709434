package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every group the sandbox holds, by id and by invite code. The single owner of group records. */
final class GroupDirectory {

    private final ConcurrentHashMap<String, Group> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> byInvite = new ConcurrentHashMap<>();
    /** Codes replaced by a reset: WhatsApp answers them 410 gone rather than 406 (whatsmeow ErrInviteLinkRevoked). */
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    void add(Group group) {
        byId.put(group.jid().user(), group);
        byInvite.put(group.inviteCode(), group);
    }

    Optional<Group> group(Jid jid) {
        return jid.isGroup() ? Optional.ofNullable(byId.get(jid.user())) : Optional.empty();
    }

    Optional<Group> byInvite(String code) {
        return Optional.ofNullable(byInvite.get(code));
    }

    /** Whether {@code code} was a group's invite code before a reset. */
    boolean wasRevoked(String code) {
        return revoked.contains(code);
    }

    /** A new invite code for {@code group}; the old one stops working. Call under the group's lock. */
    void replaceInvite(Group group, String newCode) {
        byInvite.remove(group.inviteCode);
        revoked.add(group.inviteCode);
        group.inviteCode = newCode;
        byInvite.put(newCode, group);
    }

    /** The codes revoked by resets, for the sandbox state. */
    Set<String> revokedCodes() {
        return Set.copyOf(revoked);
    }

    /** Puts back what the sandbox state kept (the directory is empty). */
    void restore(Collection<Group> kept, Collection<String> revokedCodes) {
        kept.forEach(this::add);
        revoked.addAll(revokedCodes);
    }

    Collection<Group> all() {
        return byId.values();
    }
}
