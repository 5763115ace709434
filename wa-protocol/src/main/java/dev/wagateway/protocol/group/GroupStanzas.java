package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The group and community IQs (protocol §11.1; whatsmeow {@code group.go}, Baileys {@code groups.ts} and
 * {@code communities.ts}), built without ids: the sender gives each IQ its id. Pure: no I/O, no clock, no randomness
 * (description ids are the caller's). Arguments that WhatsApp would refuse by shape (a non-group JID, no
 * participants, a picture that is not a JPEG) throw {@link IllegalArgumentException} before anything is sent.
 */
public final class GroupStanzas {

    /** The groups service, {@code @g.us}: the target of IQs not tied to one group. */
    public static final Jid GROUPS_SERVICE = new Jid("", 0, 0, Jid.GROUP_SERVER);
    /** What an invite code is appended to in a link. */
    public static final String INVITE_LINK_PREFIX = "https://chat.whatsapp.com/";
    /** The namespace of group IQs. */
    public static final String XMLNS = "w:g2";

    private GroupStanzas() {
    }

    /** Creates a group or community ({@code <create subject [key]>} to {@code @g.us}); answered with {@code <group>}. */
    public static Node create(NewGroup request) {
        if (request.subject().isBlank()) {
            throw new IllegalArgumentException("a group needs a subject");
        }
        List<Node> children = new ArrayList<>();
        for (Jid participant : users(request.participants(), false)) {
            children.add(Node.builder("participant").attribute("jid", participant).build());
        }
        request.description().ifPresent(description -> children.add(Node.builder("description")
                .attribute("id", description.id()).children(body(description.text())).build()));
        children.add(Node.builder("member_add_mode").text(request.memberAddMode().wire()).build());
        if (request.community()) {
            children.add(Node.builder("parent").attribute("default_membership_approval_mode", "request_required")
                    .build());
        }
        request.linkedParent().ifPresent(parent -> children.add(
                Node.builder("linked_parent").attribute("jid", parent).build()));
        if (request.locked()) {
            children.add(Node.of("locked"));
        }
        if (request.announce()) {
            children.add(Node.of("announcement"));
        }
        Node.Builder ephemeral = Node.builder("ephemeral").attribute("expiration", request.ephemeralSeconds());
        if (request.ephemeralSeconds() > 0) {
            ephemeral.attribute("trigger", "1");
        }
        children.add(ephemeral.build());
        children.add(joinApproval(request.joinApproval()));
        Node.Builder create = Node.builder("create").attribute("subject", request.subject());
        request.createKey().ifPresent(key -> create.attribute("key", key));
        return iq(GROUPS_SERVICE, "set", create.children(children).build());
    }

    /** Full info of one group ({@code <query request="interactive"/>}); answered with {@code <group>}. */
    public static Node info(Jid group) {
        return iq(group(group), "get", Node.builder("query").attribute("request", "interactive").build());
    }

    /** Every group we are in, with participants and descriptions; answered with {@code <groups>}. */
    public static Node joinedGroups() {
        return iq(GROUPS_SERVICE, "get", Node.builder("participating")
                .children(Node.of("participants"), Node.of("description")).build());
    }

    /** Leaves groups ({@code <leave><group id/>…</leave>} to {@code @g.us}). */
    public static Node leave(List<Jid> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no group to leave");
        }
        List<Node> entries = new ArrayList<>();
        for (Jid group : new LinkedHashSet<>(groups)) {
            entries.add(Node.builder("group").attribute("id", group(group)).build());
        }
        return iq(GROUPS_SERVICE, "set", Node.builder("leave").children(entries).build());
    }

    /** Leaves a community and its groups (Baileys {@code communityLeave}). */
    public static Node leaveCommunity(Jid community) {
        return iq(GROUPS_SERVICE, "set", Node.builder("leave")
                .children(Node.builder("community").attribute("id", group(community)).build()).build());
    }

    /** Renames the group. */
    public static Node setSubject(Jid group, String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a group needs a subject");
        }
        return iq(group(group), "set", Node.builder("subject").text(subject).build());
    }

    /**
     * Sets the description with topic ids (whatsmeow {@code SetGroupTopic}): {@code newId} becomes its id and
     * {@code previousId} (the current one, from group info; may be null when there is none) goes in {@code prev}.
     * An empty or null {@code text} deletes the description.
     */
    public static Node setDescription(Jid group, String newId, String previousId, String text) {
        if (newId == null || newId.isEmpty()) {
            throw new IllegalArgumentException("a description change needs a new id");
        }
        Node.Builder description = Node.builder("description").attribute("id", newId);
        if (previousId != null && !previousId.isEmpty()) {
            description.attribute("prev", previousId);
        }
        if (text == null || text.isEmpty()) {
            description.attribute("delete", "true");
        } else {
            description.children(body(text));
        }
        return iq(group(group), "set", description.build());
    }

    /** Sets the group picture (JPEG), {@code xmlns="w:profile:picture"} with the group as {@code target}. */
    public static Node setPhoto(Jid group, byte[] jpeg) {
        if (!isJpeg(jpeg)) {
            throw new IllegalArgumentException("a group photo must be a JPEG");
        }
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                .attribute("xmlns", "w:profile:picture").attribute("target", group(group))
                .children(Node.builder("picture").attribute("type", "image").bytes(jpeg).build()).build();
    }

    /** Removes the group picture: the same IQ without a {@code <picture>}. */
    public static Node removePhoto(Jid group) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set")
                .attribute("xmlns", "w:profile:picture").attribute("target", group(group)).build();
    }

    /** The invite code ({@code get}), or a new one that revokes the old ({@code reset}: {@code set}). */
    public static Node inviteCode(Jid group, boolean reset) {
        return iq(group(group), reset ? "set" : "get", Node.of("invite"));
    }

    /** What a link's group is, without joining; answered with {@code <group>}. */
    public static Node previewInvite(String codeOrLink) {
        return iq(GROUPS_SERVICE, "get", Node.builder("invite").attribute("code", code(codeOrLink)).build());
    }

    /** Joins by link; answered with {@code <group jid>} or {@code <membership_approval_request jid>}. */
    public static Node joinByInvite(String codeOrLink) {
        return iq(GROUPS_SERVICE, "set", Node.builder("invite").attribute("code", code(codeOrLink)).build());
    }

    /** What a direct invite (an invite message) is for, without joining; answered with {@code <group>}. */
    public static Node previewDirectInvite(Jid group, String code, long expiration, Jid inviter) {
        return iq(group(group), "get", Node.builder("query").children(directInvite("add_request", code, expiration,
                inviter)).build());
    }

    /** Joins by a direct invite (a group invite message from {@code inviter}). */
    public static Node acceptDirectInvite(Jid group, String code, long expiration, Jid inviter) {
        return iq(group(group), "set", directInvite("accept", code, expiration, inviter));
    }

    /** Revokes the direct invite sent to {@code invitee}. */
    public static Node revokeDirectInvite(Jid group, Jid invitee) {
        return iq(group(group), "set", Node.builder("revoke")
                .children(Node.builder("participant").attribute("jid", user(invitee)).build()).build());
    }

    /** Only admins send ({@code <announcement/>}) or everyone ({@code <not_announcement/>}). */
    public static Node setAnnounce(Jid group, boolean announce) {
        return iq(group(group), "set", Node.of(announce ? "announcement" : "not_announcement"));
    }

    /** Only admins edit the info ({@code <locked/>}) or everyone ({@code <unlocked/>}). */
    public static Node setLocked(Jid group, boolean locked) {
        return iq(group(group), "set", Node.of(locked ? "locked" : "unlocked"));
    }

    /** Who may add members. */
    public static Node setMemberAddMode(Jid group, MemberAddMode mode) {
        Objects.requireNonNull(mode, "mode");
        return iq(group(group), "set", Node.builder("member_add_mode").text(mode.wire()).build());
    }

    /** Whether joiners need an admin's approval. */
    public static Node setJoinApproval(Jid group, boolean required) {
        return iq(group(group), "set", joinApproval(required));
    }

    /** The disappearing-messages timer; 0 turns it off ({@code <not_ephemeral/>}). */
    public static Node setEphemeral(Jid group, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("ephemeral timer must not be negative");
        }
        return iq(group(group), "set", seconds == 0 ? Node.of("not_ephemeral")
                : Node.builder("ephemeral").attribute("expiration", seconds).build());
    }

    /** Adds, removes, promotes or demotes; answered per participant (see {@link GroupAnswers#participants}). */
    public static Node participants(Jid group, ParticipantAction action, List<Jid> users) {
        Objects.requireNonNull(action, "action");
        List<Node> entries = new ArrayList<>();
        for (Jid user : users(users, true)) {
            entries.add(Node.builder("participant").attribute("jid", user).build());
        }
        return iq(group(group), "set", Node.builder(action.tag()).children(entries).build());
    }

    /** Pending join requests; answered with {@code <membership_approval_requests>}. */
    public static Node joinRequests(Jid group) {
        return iq(group(group), "get", Node.of("membership_approval_requests"));
    }

    /** Approves or rejects join requests; answered per participant. */
    public static Node reviewJoinRequests(Jid group, JoinRequestAction action, List<Jid> users) {
        Objects.requireNonNull(action, "action");
        List<Node> entries = new ArrayList<>();
        for (Jid user : users(users, true)) {
            entries.add(Node.builder("participant").attribute("jid", user).build());
        }
        return iq(group(group), "set", Node.builder("membership_requests_action")
                .children(Node.builder(action.tag()).children(entries).build()).build());
    }

    /** Links an existing group into a community. */
    public static Node linkSubGroup(Jid community, Jid group) {
        return iq(group(community), "set", Node.builder("links").children(Node.builder("link")
                .attribute("link_type", "sub_group")
                .children(Node.builder("group").attribute("jid", group(group)).build()).build()).build());
    }

    /** Unlinks a group from its community. */
    public static Node unlinkSubGroup(Jid community, Jid group) {
        return iq(group(community), "set", Node.builder("unlink").attribute("unlink_type", "sub_group")
                .children(Node.builder("group").attribute("jid", group(group)).build()).build());
    }

    /** A community's groups; answered with {@code <sub_groups>}. */
    public static Node subGroups(Jid community) {
        return iq(group(community), "get", Node.of("sub_groups"));
    }

    /** The members of all a community's groups; answered with {@code <linked_groups_participants>}. */
    public static Node linkedParticipants(Jid community) {
        return iq(group(community), "get", Node.of("linked_groups_participants"));
    }

    /** The code of an invite link, or the code itself when not a link. */
    public static String code(String codeOrLink) {
        if (codeOrLink == null) {
            throw new IllegalArgumentException("no invite code");
        }
        String code = codeOrLink.startsWith(INVITE_LINK_PREFIX)
                ? codeOrLink.substring(INVITE_LINK_PREFIX.length()) : codeOrLink;
        if (code.isEmpty() || code.length() > 64 || !code.chars().allMatch(c -> c > ' ' && c < 127 && c != '/')) {
            throw new IllegalArgumentException("not an invite code: " + codeOrLink);
        }
        return code;
    }

    /** Whether {@code bytes} start as a JPEG does (SOI then a marker). */
    public static boolean isJpeg(byte[] bytes) {
        return bytes != null && bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
                && (bytes[2] & 0xff) == 0xff;
    }

    private static Node iq(Jid to, String type, Node child) {
        return Node.builder("iq").attribute("to", to).attribute("type", type).attribute("xmlns", XMLNS)
                .children(child).build();
    }

    private static Node body(String text) {
        return Node.builder("body").bytes(text.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static Node joinApproval(boolean on) {
        return Node.builder("membership_approval_mode")
                .children(Node.builder("group_join").attribute("state", on ? "on" : "off").build()).build();
    }

    private static Node directInvite(String tag, String code, long expiration, Jid inviter) {
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("a direct invite needs its code");
        }
        if (expiration <= 0) {
            throw new IllegalArgumentException("a direct invite needs its expiration");
        }
        return Node.builder(tag).attribute("code", code).attribute("expiration", expiration)
                .attribute("admin", user(inviter)).build();
    }

    private static Jid group(Jid jid) {
        if (jid == null || !jid.isGroup() || jid.user().isEmpty()) {
            throw new IllegalArgumentException("not a group JID: " + jid);
        }
        return jid;
    }

    private static Jid user(Jid jid) {
        if (jid == null || !jid.isUser() || jid.user().isEmpty()) {
            throw new IllegalArgumentException("not a user JID: " + jid);
        }
        return jid.toNonAd();
    }

    private static List<Jid> users(List<Jid> users, boolean required) {
        LinkedHashSet<Jid> distinct = new LinkedHashSet<>();
        for (Jid user : users) {
            distinct.add(user(user));
        }
        if (required && distinct.isEmpty()) {
            throw new IllegalArgumentException("no participants");
        }
        return List.copyOf(distinct);
    }
}
