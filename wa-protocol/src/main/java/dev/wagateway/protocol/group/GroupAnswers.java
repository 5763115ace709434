package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.wagateway.protocol.group.GroupNodes.bounded;
import static dev.wagateway.protocol.group.GroupNodes.groupJid;
import static dev.wagateway.protocol.group.GroupNodes.optional;
import static dev.wagateway.protocol.group.GroupNodes.optionalJid;
import static dev.wagateway.protocol.group.GroupNodes.optionalLong;
import static dev.wagateway.protocol.group.GroupNodes.optionalTime;
import static dev.wagateway.protocol.group.GroupNodes.required;
import static dev.wagateway.protocol.group.GroupNodes.requiredChild;
import static dev.wagateway.protocol.group.GroupNodes.requiredTime;
import static dev.wagateway.protocol.group.GroupNodes.requiredUser;
import static dev.wagateway.protocol.group.GroupNodes.text;

/**
 * Reads the server's answers to the IQs of {@link GroupStanzas} (each method takes the {@code <iq type="result">}).
 * Anything missing or malformed is a {@link MalformedNodeException} naming what; lists are bounded.
 */
public final class GroupAnswers {

    private GroupAnswers() {
    }

    /** The answer to {@link GroupStanzas#info}, {@link GroupStanzas#create} or a preview. */
    public static GroupInfo info(Node answer) throws MalformedNodeException {
        return group(requiredChild(answer, "group"));
    }

    /** The answer to {@link GroupStanzas#joinedGroups}. */
    public static List<GroupInfo> joinedGroups(Node answer) throws MalformedNodeException {
        List<GroupInfo> groups = new ArrayList<>();
        for (Node group : bounded(requiredChild(answer, "groups"), "group", GroupNodes.MAX_GROUPS)) {
            groups.add(group(group));
        }
        return List.copyOf(groups);
    }

    /** Reads a {@code <group>} element (protocol §11.2; whatsmeow {@code parseGroupNode}). */
    public static GroupInfo group(Node group) throws MalformedNodeException {
        Jid jid = groupJid(group, "id");
        List<GroupParticipant> participants = new ArrayList<>();
        for (Node participant : bounded(group, "participant", GroupNodes.MAX_PARTICIPANTS)) {
            participants.add(participant(participant));
        }
        Optional<GroupDescription> description = Optional.empty();
        Optional<Node> descriptionNode = group.child("description");
        if (descriptionNode.isPresent() && descriptionNode.get().child("body").isPresent()) {
            Node node = descriptionNode.get();
            description = Optional.of(new GroupDescription(text(node.child("body").get()), required(node, "id"),
                    optionalJid(node, "participant"), optionalJid(node, "participant_pn"), optionalTime(node, "t")));
        }
        Optional<MemberAddMode> memberAddMode = Optional.empty();
        Optional<Node> addMode = group.child("member_add_mode");
        if (addMode.isPresent()) {
            String mode = text(addMode.get());
            memberAddMode = Optional.of(MemberAddMode.fromWire(mode).orElseThrow(
                    () -> new MalformedNodeException("unknown member_add_mode: " + mode)));
        }
        int ephemeral = 0;
        Optional<Node> ephemeralNode = group.child("ephemeral");
        if (ephemeralNode.isPresent()) {
            ephemeral = ephemeralSeconds(ephemeralNode.get());
        }
        Optional<Node> parent = group.child("parent");
        Optional<Jid> linkedParent = Optional.empty();
        if (group.child("linked_parent").isPresent()) {
            linkedParent = Optional.of(groupJid(group.child("linked_parent").get(), "jid"));
        }
        long size = optionalLong(group, "size").orElse((long) participants.size());
        return new GroupInfo(jid, optionalJid(group, "creator"), optionalJid(group, "creator_pn"),
                group.attribute("subject", ""), optionalTime(group, "s_t"), optionalJid(group, "s_o"),
                optionalJid(group, "s_o_pn"), description, group.child("locked").isPresent(),
                group.child("announcement").isPresent(), ephemeral, group.child("incognito").isPresent(),
                group.child("suspended").isPresent(), parent.isPresent(),
                parent.flatMap(p -> optional(p, "default_membership_approval_mode")),
                group.child("default_sub_group").isPresent(), linkedParent, memberAddMode,
                joinApproval(group), optionalTime(group, "creation"), optional(group, "p_v_id"),
                addressingMode(group), (int) Math.min(size, Integer.MAX_VALUE), participants);
    }

    /**
     * The answer to {@link GroupStanzas#participants}: one result per participant, in the server's order.
     */
    public static List<ParticipantResult> participants(Node answer, ParticipantAction action)
            throws MalformedNodeException {
        return results(requiredChild(answer, action.tag()));
    }

    /** The answer to {@link GroupStanzas#reviewJoinRequests}. */
    public static List<ParticipantResult> reviewedJoinRequests(Node answer, JoinRequestAction action)
            throws MalformedNodeException {
        return results(requiredChild(requiredChild(answer, "membership_requests_action"), action.tag()));
    }

    /** The answer to {@link GroupStanzas#joinRequests}. */
    public static List<JoinRequest> joinRequests(Node answer) throws MalformedNodeException {
        List<JoinRequest> requests = new ArrayList<>();
        for (Node request : bounded(requiredChild(answer, "membership_approval_requests"),
                "membership_approval_request", GroupNodes.MAX_PARTICIPANTS)) {
            requests.add(new JoinRequest(requiredUser(request, "jid"), optionalJid(request, "phone_number"),
                    optionalTime(request, "request_time")));
        }
        return List.copyOf(requests);
    }

    /** The code in the answer to {@link GroupStanzas#inviteCode} (append it to the link prefix for a link). */
    public static String inviteCode(Node answer) throws MalformedNodeException {
        return required(requiredChild(answer, "invite"), "code");
    }

    /** The answer to {@link GroupStanzas#joinByInvite}: joined, or waiting for approval. */
    public static JoinResult joined(Node answer) throws MalformedNodeException {
        Optional<Node> pending = answer.child("membership_approval_request");
        if (pending.isPresent()) {
            return new JoinResult(groupJid(pending.get(), "jid"), true);
        }
        return new JoinResult(groupJid(requiredChild(answer, "group"), "jid"), false);
    }

    /** The new picture id in the answer to {@link GroupStanzas#setPhoto}. */
    public static String pictureId(Node answer) throws MalformedNodeException {
        return required(requiredChild(answer, "picture"), "id");
    }

    /** The answer to {@link GroupStanzas#subGroups}. */
    public static List<SubGroup> subGroups(Node answer) throws MalformedNodeException {
        List<SubGroup> groups = new ArrayList<>();
        for (Node group : bounded(requiredChild(answer, "sub_groups"), "group", GroupNodes.MAX_GROUPS)) {
            groups.add(subGroup(group));
        }
        return List.copyOf(groups);
    }

    /** The answer to {@link GroupStanzas#linkedParticipants}. */
    public static List<GroupParticipant> linkedParticipants(Node answer) throws MalformedNodeException {
        List<GroupParticipant> participants = new ArrayList<>();
        for (Node participant : bounded(requiredChild(answer, "linked_groups_participants"), "participant",
                GroupNodes.MAX_PARTICIPANTS)) {
            participants.add(participant(participant));
        }
        return List.copyOf(participants);
    }

    /** A {@code <group>} naming a linked group: {@code jid}, or {@code id} (whatsmeow parseGroupLinkTargetNode). */
    static SubGroup subGroup(Node group) throws MalformedNodeException {
        Jid jid = group.attribute("jid").isPresent() ? groupJid(group, "jid") : groupJid(group, "id");
        return new SubGroup(jid, optional(group, "subject"), optionalTime(group, "s_t"),
                group.child("default_sub_group").isPresent());
    }

    /** A {@code <participant>}: its JID, the other identity and the role (whatsmeow {@code parseParticipant}). */
    static GroupParticipant participant(Node participant) throws MalformedNodeException {
        Jid jid = requiredUser(participant, "jid");
        Optional<Jid> phoneNumber = jid.isLid() ? optionalJid(participant, "phone_number") : Optional.of(jid);
        Optional<Jid> lid = jid.isLid() ? Optional.of(jid) : optionalJid(participant, "lid");
        return new GroupParticipant(jid, phoneNumber.map(Jid::toNonAd), lid.map(Jid::toNonAd),
                ParticipantRole.fromType(participant.attribute("type", "")), optional(participant, "display_name"));
    }

    private static List<ParticipantResult> results(Node container) throws MalformedNodeException {
        List<ParticipantResult> results = new ArrayList<>();
        for (Node participant : bounded(container, "participant", GroupNodes.MAX_PARTICIPANTS)) {
            int error = (int) Math.min(optionalLong(participant, "error").orElse(0L), Integer.MAX_VALUE);
            Optional<AddRequest> addRequest = Optional.empty();
            Optional<Node> request = participant.child("add_request");
            if (error != 0 && request.isPresent()) {
                addRequest = Optional.of(new AddRequest(required(request.get(), "code"),
                        requiredTime(request.get(), "expiration")));
            }
            results.add(new ParticipantResult(participant(participant), error, addRequest));
        }
        return List.copyOf(results);
    }

    /**
     * Whether joiners need approval. whatsmeow and Baileys take the element's presence as "on"; a server that spells
     * out {@code <group_join state="off"/>} is read as off.
     */
    private static boolean joinApproval(Node group) {
        Optional<Node> mode = group.child("membership_approval_mode");
        return mode.isPresent() && !mode.get().child("group_join")
                .map(join -> join.attribute("state", "on").equals("off")).orElse(false);
    }

    private static AddressingMode addressingMode(Node group) throws MalformedNodeException {
        return switch (group.attribute("addressing_mode", "pn")) {
            case "pn", "" -> AddressingMode.PN;
            case "lid" -> AddressingMode.LID;
            default -> throw new MalformedNodeException("unknown addressing_mode: " + group.attribute("addressing_mode", ""));
        };
    }

    static int ephemeralSeconds(Node ephemeral) throws MalformedNodeException {
        long seconds = optionalLong(ephemeral, "expiration").orElse(0L);
        if (seconds > Integer.MAX_VALUE) {
            throw new MalformedNodeException("<ephemeral> expiration out of range: " + seconds);
        }
        return (int) seconds;
    }
}
