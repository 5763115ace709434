package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Communities (protocol §11.1 "Communities"; whatsmeow {@code LinkGroup}/{@code UnlinkGroup}/{@code GetSubGroups}/
 * {@code GetLinkedGroupsParticipants}, Baileys {@code communities.ts}): a community is a group with
 * {@code <parent>}, created with its announcement group; groups are linked into it by an admin of both. Members of a
 * linked group become members of the community and of its announcement group.
 */
final class Communities {

    private final GroupDirectory groups;
    private final GroupNotifier notifier;

    Communities(GroupDirectory groups, GroupNotifier notifier) {
        this.groups = groups;
        this.notifier = notifier;
    }

    /** Answers a community IQ from a member of {@code community} (the caller holds its lock). */
    Node handle(Node iq, Node request, Group community, Jid actor) {
        if (!community.community) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        boolean admin = community.members.get(actor) != Group.Role.MEMBER;
        return switch (request.tag()) {
            case "sub_groups" -> Stanzas.result(iq, Node.builder("sub_groups").children(subGroups(community).stream()
                    .map(group -> group.linkNode("id")).toList()).build());
            case "linked_groups_participants" -> Stanzas.result(iq, Node.builder("linked_groups_participants")
                    .children(linkedParticipants(community).stream()
                            .map(user -> Node.builder("participant").attribute("jid", user).build()).toList()).build());
            case "links" -> admin ? link(iq, request, community, actor) : Stanzas.error(iq, 401, "not-authorized");
            default -> admin ? unlink(iq, request, community, actor) : Stanzas.error(iq, 401, "not-authorized");
        };
    }

    /** Makes {@code group} one of {@code community}'s groups and its members members of the community. */
    void attach(Group community, Group group) {
        group.locked(() -> group.linkedParent = community.jid);
        community.locked(() -> community.subGroups.add(group.jid));
        List<Jid> members = group.members();
        for (Group joined : List.of(community, announcements(community).orElse(community))) {
            joined.locked(() -> {
                members.forEach(member -> joined.members.putIfAbsent(member, Group.Role.MEMBER));
                return null;
            });
        }
    }

    /** Leaves a community and every group in it. */
    boolean leave(Group community, Jid user) {
        if (!community.community || !community.isMember(user)) {
            return false;
        }
        for (Group group : subGroups(community)) {
            group.locked(() -> group.members.remove(user) != null && notifyLeft(group, user));
        }
        community.locked(() -> community.members.remove(user) != null && notifyLeft(community, user));
        return true;
    }

    private boolean notifyLeft(Group group, Jid user) {
        notifier.toMembers(group, user, GroupNotifier.participants("remove", List.of(user)), List.of(user));
        return true;
    }

    private Node link(Node iq, Node links, Group community, Jid actor) {
        List<Node> linked = new ArrayList<>();
        for (Node link : links.children("link")) {
            Optional<Group> found = link.child("group").flatMap(g -> g.jidAttribute("jid")).flatMap(groups::group);
            if (!link.attribute("link_type", "").equals("sub_group")) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            if (found.isEmpty()) {
                return Stanzas.error(iq, 404, "item-not-found");
            }
            Group group = found.get();
            if (group.community || group == community) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            if (!group.isAdmin(actor)) {
                return Stanzas.error(iq, 401, "not-authorized");
            }
            Jid parent = group.locked(() -> group.linkedParent);
            if (parent != null) {
                return Stanzas.error(iq, 409, "conflict");
            }
            attach(community, group);
            Node target = group.linkNode("jid");
            notifier.toMembers(community, actor, Node.builder("link").attribute("link_type", "sub_group")
                    .children(target).build());
            linked.add(Node.builder("link").attribute("link_type", "sub_group").children(target).build());
        }
        if (linked.isEmpty()) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        return Stanzas.result(iq, Node.builder("links").children(linked).build());
    }

    private Node unlink(Node iq, Node unlink, Group community, Jid actor) {
        if (!unlink.attribute("unlink_type", "").equals("sub_group")) {
            return Stanzas.error(iq, 400, "bad-request");
        }
        Optional<Group> found = unlink.child("group").flatMap(g -> g.jidAttribute("jid")).flatMap(groups::group);
        if (found.isEmpty() || !community.subGroups.contains(found.get().jid)) {
            return Stanzas.error(iq, 404, "item-not-found");
        }
        Group group = found.get();
        if (group.locked(() -> group.defaultSubGroup)) {
            // The announcement group lives and dies with its community.
            return Stanzas.error(iq, 400, "bad-request");
        }
        community.subGroups.remove(group.jid);
        group.locked(() -> group.linkedParent = null);
        notifier.toMembers(community, actor, Node.builder("unlink").attribute("unlink_type", "sub_group")
                .attribute("unlink_reason", "unlink").children(group.linkNode("jid")).build(), group.members());
        return Stanzas.result(iq);
    }

    private List<Group> subGroups(Group community) {
        List<Jid> jids = community.locked(() -> new ArrayList<>(community.subGroups));
        return jids.stream().map(groups::group).flatMap(Optional::stream).toList();
    }

    private Optional<Group> announcements(Group community) {
        return subGroups(community).stream().filter(group -> group.locked(() -> group.defaultSubGroup)).findFirst();
    }

    /** Everyone in the community's groups, each once. */
    private List<Jid> linkedParticipants(Group community) {
        Set<Jid> users = new LinkedHashSet<>();
        for (Group group : subGroups(community)) {
            users.addAll(group.members());
        }
        return new ArrayList<>(users);
    }
}
