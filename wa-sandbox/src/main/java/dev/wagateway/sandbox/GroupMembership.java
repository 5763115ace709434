package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who is in a group and how they get in (protocol §11.1): add, remove, promote, demote with per-participant results
 * (403 with an {@code <add_request>} when the user's privacy refuses the add, 404 not a member / not on WhatsApp,
 * 409 already a member); join by link (406 unknown code, 410 a code since reset), with approval when the group
 * requires it; join requests listed, approved or rejected; direct invites. Callers hold the group's lock.
 */
final class GroupMembership {

    /** How long an add request's invite stays valid (WhatsApp: three days). */
    static final Duration DIRECT_INVITE_VALIDITY = Duration.ofDays(3);

    private final GroupDirectory groups;
    private final Directory directory;
    private final GroupNotifier notifier;
    private final SecureRandom random;

    GroupMembership(GroupDirectory groups, Directory directory, GroupNotifier notifier, SecureRandom random) {
        this.groups = groups;
        this.directory = directory;
        this.notifier = notifier;
        this.random = random;
    }

    /**
     * Adds the participants of a new group; answers the {@code <participant error="403"><add_request/>} entries of
     * those whose privacy refused, which join only through the invite.
     */
    List<Node> addAtCreation(Group group, Jid creator, List<Jid> participants) {
        List<Node> refused = new ArrayList<>();
        for (Jid user : participants) {
            if (user.equals(creator) || directory.account(user).isEmpty()) {
                continue;
            }
            if (refusesAdds(user)) {
                refused.add(addRequest(group, user, creator));
            } else {
                group.members.putIfAbsent(user, Group.Role.MEMBER);
            }
        }
        return refused;
    }

    /** {@code <add|remove|promote|demote>}. */
    Node change(Node iq, Node request, Group group, Jid actor) {
        boolean admin = group.members.get(actor) != Group.Role.MEMBER;
        boolean membersMayAdd = request.tag().equals("add") && group.memberAddMode.equals("all_member_add");
        if (!admin && !membersMayAdd) {
            return Stanzas.error(iq, 401, "not-authorized");
        }
        List<Node> entries = request.children("participant");
        if (entries.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        List<Node> results = new ArrayList<>();
        List<Jid> changed = new ArrayList<>();
        for (Node entry : entries) {
            Optional<Jid> jid = entry.jidAttribute("jid").filter(Jid::isUser).map(directory::phoneUser);
            if (jid.isEmpty()) {
                results.add(result(entry.attribute("jid", ""), "400"));
                continue;
            }
            Jid user = jid.get();
            String error = switch (request.tag()) {
                case "add" -> add(group, user, actor, results);
                case "remove" -> group.members.remove(user) == null ? "404" : null;
                case "promote" -> group.members.containsKey(user)
                        ? role(group, user, Group.Role.ADMIN) : "404";
                default -> group.members.containsKey(user) ? role(group, user, Group.Role.MEMBER) : "404";
            };
            if (error == null) {
                changed.add(user);
                results.add(result(user.toString(), null));
            } else if (!error.isEmpty()) {
                results.add(result(user.toString(), error));
            }
        }
        if (!changed.isEmpty()) {
            // The removed hear of it too: it is how their devices learn they are out.
            notifier.toMembers(group, actor, GroupNotifier.participants(request.tag(), changed),
                    request.tag().equals("remove") ? changed : List.of());
        }
        return Stanzas.result(iq, Node.builder(request.tag()).children(results).build());
    }

    /** null when added, an error code, or "" when the result entry was already written (an add request). */
    private String add(Group group, Jid user, Jid actor, List<Node> results) {
        if (group.members.containsKey(user)) {
            return "409";
        }
        if (directory.account(user).isEmpty()) {
            return "404";
        }
        if (refusesAdds(user)) {
            results.add(addRequest(group, user, actor));
            return "";
        }
        group.pending.remove(user);
        group.members.put(user, Group.Role.MEMBER);
        return null;
    }

    private static String role(Group group, Jid user, Group.Role role) {
        // The creator stays superadmin: demoting them is refused, as other admins cannot.
        if (group.members.get(user) == Group.Role.SUPERADMIN && role == Group.Role.MEMBER) {
            return "403";
        }
        if (group.members.get(user) != Group.Role.SUPERADMIN) {
            group.members.put(user, role);
        }
        return null;
    }

    /** {@code <membership_approval_requests/>}: who waits. */
    Node requests(Node iq, Group group) {
        List<Node> requests = new ArrayList<>();
        group.pending.forEach((user, time) -> requests.add(Node.builder("membership_approval_request")
                .attribute("jid", user).attribute("request_time", time).build()));
        return Stanzas.result(iq, Node.builder("membership_approval_requests").children(requests).build());
    }

    /** {@code <membership_requests_action><approve|reject>}: per participant, 404 when there is no such request. */
    Node review(Node iq, Node request, Group group, Jid actor) {
        Optional<Node> action = request.child("approve").or(() -> request.child("reject"));
        if (action.isEmpty() || action.get().children("participant").isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        boolean approve = action.get().tag().equals("approve");
        List<Node> results = new ArrayList<>();
        List<Jid> changed = new ArrayList<>();
        for (Node entry : action.get().children("participant")) {
            Optional<Jid> user = entry.jidAttribute("jid").filter(Jid::isUser).map(directory::phoneUser);
            if (user.isEmpty() || group.pending.remove(user.get()) == null) {
                results.add(result(entry.attribute("jid", ""), "404"));
                continue;
            }
            if (approve) {
                group.members.putIfAbsent(user.get(), Group.Role.MEMBER);
            }
            changed.add(user.get());
            results.add(result(user.get().toString(), null));
        }
        if (!changed.isEmpty()) {
            if (approve) {
                notifier.toMembers(group, actor, GroupNotifier.participants("add", changed, "reason", "approval"));
            } else {
                notifier.toAdmins(group, actor, GroupNotifier.participants("revoked_membership_requests", changed));
            }
        }
        return Stanzas.result(iq, Node.builder("membership_requests_action")
                .children(Node.builder(action.get().tag()).children(results).build()).build());
    }

    /** Preview by link: the group, without joining. */
    Node previewByLink(Node iq, Node invite) {
        String code = code(invite);
        Optional<Group> group = groups.byInvite(code);
        if (group.isEmpty()) {
            return unknownCode(iq, code);
        }
        return Stanzas.result(iq, group.get().infoNode(directory));
    }

    /** Join by link: a member at once, or a pending request when the group wants approval. */
    Node joinByLink(Node iq, Node invite, Jid user) {
        String code = code(invite);
        Optional<Group> found = groups.byInvite(code);
        if (found.isEmpty()) {
            return unknownCode(iq, code);
        }
        Group group = found.get();
        return group.locked(() -> {
            if (group.members.containsKey(user)) {
                return Stanzas.result(iq, Node.builder("group").attribute("jid", group.jid).build());
            }
            if (group.joinApproval) {
                if (group.pending.putIfAbsent(user, Stanzas.now()) == null) {
                    notifier.toAdmins(group, user, GroupNotifier.participants("created_membership_requests",
                            List.of(user), "request_method", "invite_link"));
                }
                return Stanzas.result(iq, Node.builder("membership_approval_request").attribute("jid", group.jid)
                        .build());
            }
            group.members.put(user, Group.Role.MEMBER);
            notifier.toMembers(group, user, GroupNotifier.participants("add", List.of(user), "reason", "invite"));
            return Stanzas.result(iq, Node.builder("group").attribute("jid", group.jid).build());
        });
    }

    /** {@code <accept code expiration admin/>}: joins with the invite the server issued to this user. */
    Node acceptDirectInvite(Node iq, Node accept, Group group, Jid user) {
        Optional<Node> refusal = checkDirectInvite(iq, accept, group, user);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        group.directInvites.remove(user);
        if (group.members.putIfAbsent(user, Group.Role.MEMBER) == null) {
            notifier.toMembers(group, user, GroupNotifier.participants("add", List.of(user), "reason", "invite"));
        }
        return Stanzas.result(iq);
    }

    /** {@code <query><add_request …/></query>}: what a direct invite is for, without joining. */
    Node previewDirectInvite(Node iq, Node addRequest, Group group, Jid user) {
        return checkDirectInvite(iq, addRequest, group, user)
                .orElseGet(() -> Stanzas.result(iq, group.infoNode(directory)));
    }

    /** {@code <revoke><participant jid/></revoke>}: the invites sent to those users stop working. */
    Node revokeDirectInvites(Node iq, Node revoke, Group group) {
        for (Node entry : revoke.children("participant")) {
            entry.jidAttribute("jid").map(directory::phoneUser).ifPresent(group.directInvites::remove);
        }
        return Stanzas.result(iq);
    }

    /** 406 when no invite of this code, inviter and expiration was issued to {@code user}; 410 when expired. */
    private Optional<Node> checkDirectInvite(Node iq, Node invite, Group group, Jid user) {
        if (group.members.containsKey(user)) {
            return Optional.empty();
        }
        Group.DirectInvite issued = group.directInvites.get(user);
        boolean matches = issued != null && issued.code().equals(invite.attribute("code", ""))
                && invite.longAttribute("expiration").filter(e -> e == issued.expiration()).isPresent()
                && invite.jidAttribute("admin").map(Jid::toNonAd).filter(issued.admin()::equals).isPresent();
        if (!matches) {
            return Optional.of(Stanzas.error(iq, 406, "not-acceptable"));
        }
        if (issued.expiration() < Stanzas.now()) {
            group.directInvites.remove(user);
            return Optional.of(Stanzas.error(iq, 410, "gone"));
        }
        return Optional.empty();
    }

    /** Records an invite for {@code user} and renders the refusal that carries it. */
    private Node addRequest(Group group, Jid user, Jid admin) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        Group.DirectInvite invite = new Group.DirectInvite(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                Stanzas.now() + DIRECT_INVITE_VALIDITY.toSeconds(), admin);
        group.directInvites.put(user, invite);
        return Node.builder("participant").attribute("jid", user).attribute("error", "403")
                .children(Node.builder("add_request").attribute("code", invite.code())
                        .attribute("expiration", invite.expiration()).build()).build();
    }

    /** A user whose group-add privacy is anything but "everyone": the sandbox has no contact books. */
    private boolean refusesAdds(Jid user) {
        return directory.account(user).map(account -> !account.groupAddPrivacy().equals("all")).orElse(false);
    }

    private Node unknownCode(Node iq, String code) {
        return groups.wasRevoked(code) ? Stanzas.error(iq, 410, "gone") : Stanzas.error(iq, 406, "not-acceptable");
    }

    private static String code(Node invite) {
        String code = invite.attribute("code", "");
        String prefix = "https://chat.whatsapp.com/";
        return code.startsWith(prefix) ? code.substring(prefix.length()) : code;
    }

    private static Node result(String jid, String error) {
        Node.Builder result = Node.builder("participant").attribute("jid", jid);
        if (error != null) {
            result.attribute("error", error);
        }
        return result.build();
    }
}
