package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every group the sandbox holds, by id and by invite code. The single owner of group records. */
final class GroupDirectory {

    private final ConcurrentHashMap<String, Group> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> byInvite = new ConcurrentHashMap<>();

    void add(Group group) {
        byId.put(group.jid().user(), group);
        byInvite.put(group.inviteCode(), group);
    }

    Optional<Group> group(Jid jid) {
        return Optional.ofNullable(byId.get(jid.user()));
    }

    Optional<Group> byInvite(String code) {
        return Optional.ofNullable(byInvite.get(code));
    }

    /** A new invite code for {@code group}; the old one stops working. */
    void replaceInvite(Group group, String newCode) {
        byInvite.remove(group.inviteCode());
        group.inviteCode(newCode);
        byInvite.put(newCode, group);
    }

    Collection<Group> all() {
        return byId.values();
    }
}
