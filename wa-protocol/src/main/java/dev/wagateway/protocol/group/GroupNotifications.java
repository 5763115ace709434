package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.group.GroupNotification.Context;
import dev.wagateway.protocol.group.GroupNotification.MemberChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.wagateway.protocol.group.GroupNodes.bounded;
import static dev.wagateway.protocol.group.GroupNodes.groupJid;
import static dev.wagateway.protocol.group.GroupNodes.optional;
import static dev.wagateway.protocol.group.GroupNodes.optionalJid;
import static dev.wagateway.protocol.group.GroupNodes.optionalTime;
import static dev.wagateway.protocol.group.GroupNodes.required;
import static dev.wagateway.protocol.group.GroupNodes.requiredChild;
import static dev.wagateway.protocol.group.GroupNodes.requiredTime;
import static dev.wagateway.protocol.group.GroupNodes.text;

/**
 * Reads {@code <notification type="w:gp2">} into {@link GroupNotification}s, one per child, in order. A notification
 * missing its group, time or a change's required attribute is a {@link MalformedNodeException}; an unknown child
 * becomes {@link GroupNotification.Unknown}.
 */
public final class GroupNotifications {

    /** More changes than one notification carries in practice. */
    static final int MAX_CHANGES = 64;

    private GroupNotifications() {
    }

    /** Whether {@code node} is a group notification this class reads. */
    public static boolean isGroupNotification(Node node) {
        return node.tag().equals("notification") && node.attribute("type", "").equals("w:gp2");
    }

    /** The changes {@code notification} announces. */
    public static List<GroupNotification> parse(Node notification) throws MalformedNodeException {
        if (!isGroupNotification(notification)) {
            throw new MalformedNodeException("not a w:gp2 notification: <" + notification.tag() + " type=\""
                    + notification.attribute("type", "") + "\">");
        }
        Context context = new Context(notification.attribute("id", ""), groupJid(notification, "from"),
                user(notification, "participant"), user(notification, "participant_pn"),
                requiredTime(notification, "t"));
        List<Node> children = notification.children();
        if (children.isEmpty()) {
            throw new MalformedNodeException("w:gp2 notification without a change");
        }
        if (children.size() > MAX_CHANGES) {
            throw new MalformedNodeException("w:gp2 notification with " + children.size() + " changes");
        }
        List<GroupNotification> changes = new ArrayList<>();
        for (Node child : children) {
            changes.add(change(notification, context, child));
        }
        return List.copyOf(changes);
    }

    private static GroupNotification change(Node notification, Context context, Node child)
            throws MalformedNodeException {
        return switch (child.tag()) {
            case "create" -> created(notification, context, child);
            case "add" -> members(context, MemberChange.ADDED, child);
            case "remove" -> members(context, selfRemoval(context, child) ? MemberChange.LEFT : MemberChange.REMOVED,
                    child);
            case "leave" -> members(context, MemberChange.LEFT, child);
            case "promote" -> members(context, MemberChange.PROMOTED, child);
            case "demote" -> members(context, MemberChange.DEMOTED, child);
            case "modify" -> members(context, MemberChange.NUMBER_CHANGED, child);
            case "subject" -> new GroupNotification.SubjectChanged(context, required(child, "subject"),
                    optionalTime(child, "s_t"), optionalJid(child, "s_o"), optionalJid(child, "s_o_pn"));
            case "description" -> description(context, child);
            case "announcement", "not_announcement" -> new GroupNotification.AnnounceChanged(context,
                    child.tag().equals("announcement"), optional(child, "v_id"));
            case "locked", "unlocked" -> new GroupNotification.LockedChanged(context, child.tag().equals("locked"));
            case "ephemeral" -> new GroupNotification.EphemeralChanged(context, GroupAnswers.ephemeralSeconds(child));
            case "not_ephemeral" -> new GroupNotification.EphemeralChanged(context, 0);
            case "member_add_mode" -> {
                String mode = text(child);
                yield new GroupNotification.MemberAddModeChanged(context, MemberAddMode.fromWire(mode)
                        .orElseThrow(() -> new MalformedNodeException("unknown member_add_mode: " + mode)));
            }
            case "membership_approval_mode" -> new GroupNotification.JoinApprovalChanged(context,
                    !child.child("group_join").map(join -> join.attribute("state", "on")).orElse("on").equals("off"));
            case "invite" -> new GroupNotification.InviteReset(context, required(child, "code"));
            case "delete" -> new GroupNotification.Deleted(context, optional(child, "reason"));
            case "link" -> new GroupNotification.SubGroupLinkChanged(context, true, required(child, "link_type"),
                    GroupAnswers.subGroup(requiredChild(child, "group")), Optional.empty());
            case "unlink" -> new GroupNotification.SubGroupLinkChanged(context, false, required(child, "unlink_type"),
                    GroupAnswers.subGroup(requiredChild(child, "group")), optional(child, "unlink_reason"));
            case "created_membership_requests" -> new GroupNotification.JoinRequested(context,
                    participants(child), optional(child, "request_method"));
            case "membership_approval_request" -> new GroupNotification.JoinRequested(context,
                    List.of(GroupAnswers.participant(child)), optional(child, "request_method"));
            case "revoked_membership_requests" -> new GroupNotification.JoinRequestsRevoked(context,
                    participants(child));
            case "suspended", "unsuspended" -> new GroupNotification.SuspensionChanged(context,
                    child.tag().equals("suspended"));
            default -> new GroupNotification.Unknown(context, child);
        };
    }

    private static GroupNotification created(Node notification, Context context, Node create)
            throws MalformedNodeException {
        Node group = requiredChild(create, "group");
        if (group.attribute("addressing_mode").isEmpty() && notification.attribute("addressing_mode").isPresent()) {
            // whatsmeow: the notification may carry the addressing mode the group element leaves out.
            group = group.toBuilder().attribute("addressing_mode", notification.attribute("addressing_mode", ""))
                    .build();
        }
        return new GroupNotification.Created(context, GroupAnswers.group(group), optional(create, "reason"),
                optional(create, "key"));
    }

    private static GroupNotification members(Context context, MemberChange change, Node child)
            throws MalformedNodeException {
        return new GroupNotification.MembersChanged(context, change, participants(child), optional(child, "reason"),
                optional(child, "v_id"), optional(child, "prev_v_id"));
    }

    private static GroupNotification description(Context context, Node child) throws MalformedNodeException {
        boolean deleted = child.child("delete").isPresent() || child.attribute("delete", "").equals("true");
        String text = deleted ? "" : text(requiredChild(child, "body"));
        return new GroupNotification.DescriptionChanged(context, required(child, "id"), text, deleted);
    }

    /** Baileys: a removal of the author alone is the author leaving. */
    private static boolean selfRemoval(Context context, Node child) {
        List<Node> participants = child.children("participant");
        if (participants.size() != 1 || context.author().isEmpty()) {
            return false;
        }
        Optional<Jid> removed = participants.get(0).jidAttribute("jid").map(Jid::toNonAd);
        return removed.equals(context.author()) || removed.isPresent() && removed.equals(context.authorPn());
    }

    private static List<GroupParticipant> participants(Node child) throws MalformedNodeException {
        List<GroupParticipant> participants = new ArrayList<>();
        for (Node participant : bounded(child, "participant", GroupNodes.MAX_PARTICIPANTS)) {
            participants.add(GroupAnswers.participant(participant));
        }
        return participants;
    }

    private static Optional<Jid> user(Node node, String attribute) throws MalformedNodeException {
        Optional<Jid> jid = optionalJid(node, attribute);
        if (jid.isPresent() && !jid.get().isUser()) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a user: " + jid.get());
        }
        return jid.map(Jid::toNonAd);
    }
}
