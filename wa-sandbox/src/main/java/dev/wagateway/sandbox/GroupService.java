package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The groups service ({@code xmlns="w:g2"}, protocol §11): the group registry and the IQs that read and change it,
 * with {@code w:gp2} notifications to the members' devices. Registry first, so more IQs slot in as methods.
 */
final class GroupService {

    private static final String INVITE_PREFIX = "https://chat.whatsapp.com/";

    private final GroupDirectory groups;
    private final Directory directory;
    private final PhoneNetwork network;
    private final SecureRandom random;
    private final IdGenerator ids;

    GroupService(GroupDirectory groups, Directory directory, PhoneNetwork network, SecureRandom random,
                 IdGenerator ids) {
        this.groups = groups;
        this.directory = directory;
        this.network = network;
        this.random = random;
        this.ids = ids;
    }

    Optional<Group> group(Jid jid) {
        return groups.group(jid);
    }

    /** Answers one {@code w:g2} IQ from {@code actor}. */
    Node handle(Node iq, Jid actor) {
        Jid user = actor.toNonAd();
        Optional<Jid> target = iq.jidAttribute("to");
        boolean service = target.isEmpty() || target.get().isServer();
        List<Node> children = iq.children();
        if (children.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        Node request = children.get(0);
        if (service) {
            return switch (request.tag()) {
                case "create" -> create(iq, request, user);
                case "participating" -> Stanzas.result(iq, Node.builder("groups").children(groups.all().stream()
                        .filter(group -> group.isMember(user)).map(Group::infoNode).toList()).build());
                case "leave" -> leave(iq, request, user);
                case "invite" -> iq.attribute("type", "").equals("get") ? preview(iq, request) : join(iq, request, user);
                default -> Stanzas.error(iq, 501, "feature-not-implemented");
            };
        }
        Optional<Group> found = group(target.get());
        if (found.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        Group group = found.get();
        if (!group.isMember(user)) {
            return Stanzas.error(iq, 403, "forbidden");
        }
        return switch (request.tag()) {
            case "query" -> Stanzas.result(iq, group.infoNode());
            case "subject" -> adminOnly(iq, group, user, () -> {
                String subject = request.text().orElse("");
                group.subject(subject, user, Stanzas.now());
                notifyMembers(group, user, Node.builder("subject").attribute("subject", subject)
                        .attribute("s_t", Stanzas.now()).attribute("s_o", user).build());
                return Stanzas.result(iq);
            });
            case "description" -> adminOnly(iq, group, user, () -> {
                String text = request.child("body").flatMap(Node::text).orElse(null);
                group.description(request.attribute("id", ids.next()), request.attribute("delete").isPresent() ? null : text);
                notifyMembers(group, user, request);
                return Stanzas.result(iq);
            });
            case "announcement", "not_announcement" -> adminOnly(iq, group, user, () -> {
                group.announcement(request.tag().equals("announcement"));
                notifyMembers(group, user, Node.of(request.tag()));
                return Stanzas.result(iq);
            });
            case "locked", "unlocked" -> adminOnly(iq, group, user, () -> {
                group.lockInfo(request.tag().equals("locked"));
                notifyMembers(group, user, Node.of(request.tag()));
                return Stanzas.result(iq);
            });
            case "add", "remove", "promote", "demote" -> adminOnly(iq, group, user, () -> members(iq, request, group, user));
            case "invite" -> iq.attribute("type", "").equals("get")
                    ? Stanzas.result(iq, Node.builder("invite").attribute("code", group.inviteCode()).build())
                    : adminOnly(iq, group, user, () -> {
                        String code = newInviteCode();
                        groups.replaceInvite(group, code);
                        return Stanzas.result(iq, Node.builder("invite").attribute("code", code).build());
                    });
            default -> Stanzas.error(iq, 501, "feature-not-implemented");
        };
    }

    private Node create(Node iq, Node create, Jid creator) {
        String subject = create.attribute("subject", "").trim();
        if (subject.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        String id = "120363" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
        Group group = new Group(new Jid(id, 0, 0, Jid.GROUP_SERVER), creator, subject, Stanzas.now(), newInviteCode());
        for (Node participant : create.children("participant")) {
            participant.jidAttribute("jid").filter(jid -> directory.account(jid).isPresent()).ifPresent(group::add);
        }
        groups.add(group);
        notifyMembers(group, creator, Node.builder("create").children(group.infoNode()).build());
        return Stanzas.result(iq, group.infoNode());
    }

    private Node leave(Node iq, Node leave, Jid user) {
        List<Node> results = new ArrayList<>();
        for (Node entry : leave.children("group")) {
            Optional<Group> group = entry.jidAttribute("id").flatMap(this::group);
            if (group.isPresent() && group.get().remove(user)) {
                notifyMembers(group.get(), user, Node.builder("leave")
                        .children(Node.builder("participant").attribute("jid", user).build()).build());
                results.add(Node.builder("group").attribute("id", group.get().jid()).build());
            } else {
                results.add(Node.builder("group").attribute("id", entry.attribute("id", ""))
                        .attribute("error", "404").build());
            }
        }
        return Stanzas.result(iq, Node.builder("leave").children(results).build());
    }

    private Node members(Node iq, Node request, Group group, Jid actor) {
        List<Node> results = new ArrayList<>();
        List<Node> changed = new ArrayList<>();
        for (Node participant : request.children("participant")) {
            Optional<Jid> jid = participant.jidAttribute("jid").map(Jid::toNonAd);
            boolean ok = jid.isPresent() && switch (request.tag()) {
                case "add" -> directory.account(jid.get()).isPresent() && group.add(jid.get());
                case "remove" -> group.remove(jid.get());
                case "promote" -> group.setRole(jid.get(), Group.Role.ADMIN);
                default -> group.setRole(jid.get(), Group.Role.MEMBER);
            };
            Node.Builder result = Node.builder("participant").attribute("jid", participant.attribute("jid", ""));
            if (!ok) {
                result.attribute("error", jid.isPresent() && directory.account(jid.get()).isEmpty() ? "403" : "409");
            } else {
                changed.add(Node.builder("participant").attribute("jid", jid.get()).build());
            }
            results.add(result.build());
        }
        if (!changed.isEmpty()) {
            notifyMembers(group, actor, Node.builder(request.tag()).children(changed).build());
        }
        return Stanzas.result(iq, Node.builder(request.tag()).children(results).build());
    }

    private Node preview(Node iq, Node invite) {
        return groups.byInvite(stripInvitePrefix(invite.attribute("code", "")))
                .map(group -> Stanzas.result(iq, group.infoNode()))
                .orElseGet(() -> Stanzas.error(iq, 404, "item-not-found"));
    }

    private Node join(Node iq, Node invite, Jid user) {
        Optional<Group> found = groups.byInvite(stripInvitePrefix(invite.attribute("code", "")));
        if (found.isEmpty()) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        Group group = found.get();
        if (group.add(user)) {
            notifyMembers(group, user, Node.builder("add").attribute("reason", "invite")
                    .children(Node.builder("participant").attribute("jid", user).build()).build());
        }
        return Stanzas.result(iq, Node.builder("group").attribute("jid", group.jid()).build());
    }

    private Node adminOnly(Node iq, Group group, Jid user, java.util.function.Supplier<Node> action) {
        return group.isAdmin(user) ? action.get() : Stanzas.error(iq, 403, "forbidden");
    }

    /** A {@code w:gp2} notification about {@code change} to every member's companions. */
    private void notifyMembers(Group group, Jid actor, Node change) {
        Node notification = Node.builder("notification").attribute("from", group.jid()).attribute("type", "w:gp2")
                .attribute("id", ids.next()).attribute("participant", actor).attribute("t", Stanzas.now())
                .children(change).build();
        for (Jid member : group.members()) {
            for (Jid device : directory.devicesOf(member)) {
                if (device.device() != 0) {
                    network.deliver(device, notification);
                }
            }
        }
    }

    private String newInviteCode() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 22);
    }

    private static String stripInvitePrefix(String code) {
        return code.startsWith(INVITE_PREFIX) ? code.substring(INVITE_PREFIX.length()) : code;
    }
}
