package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The groups' part of the sandbox state: every group and community with its members and roles, pending requests,
 * direct invites, subject, description, settings, picture, invite code and community links, and the invite codes
 * revoked by resets (still answered 410), so a restarted sandbox routes group messages as before.
 */
final class GroupState implements StatePiece {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder UNBASE64 = Base64.getDecoder();

    private final GroupDirectory groups;

    GroupState(GroupDirectory groups) {
        this.groups = groups;
    }

    @Override
    public String section() {
        return "groups";
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode section = JsonNodeFactory.instance.objectNode();
        ArrayNode all = section.putArray("groups");
        for (Group group : groups.all()) {
            all.add(group.locked(() -> write(group)));
        }
        ArrayNode revoked = section.putArray("revoked_invites");
        groups.revokedCodes().forEach(revoked::add);
        return section;
    }

    @Override
    public void restore(JsonNode section) {
        List<Group> kept = new ArrayList<>();
        for (JsonNode node : section.path("groups")) {
            kept.add(read(node));
        }
        List<String> revoked = new ArrayList<>();
        section.path("revoked_invites").forEach(code -> revoked.add(code.asText()));
        groups.restore(kept, revoked);
    }

    private static ObjectNode write(Group group) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("jid", group.jid.toString());
        node.put("creator", group.creator.toString());
        node.put("creation", group.creation);
        node.put("addressing_mode", group.addressingMode);
        node.put("community", group.community);
        ArrayNode members = node.putArray("members");
        group.members.forEach((jid, role) -> members.addObject().put("jid", jid.toString()).put("role", role.name()));
        ArrayNode pending = node.putArray("pending");
        group.pending.forEach((jid, time) -> pending.addObject().put("jid", jid.toString()).put("t", time));
        ArrayNode invites = node.putArray("direct_invites");
        group.directInvites.forEach((jid, invite) -> invites.addObject().put("jid", jid.toString())
                .put("code", invite.code()).put("expiration", invite.expiration())
                .put("admin", invite.admin().toString()));
        ArrayNode subGroups = node.putArray("sub_groups");
        group.subGroups.forEach(jid -> subGroups.add(jid.toString()));
        node.put("subject", group.subject);
        putJid(node, "subject_owner", group.subjectOwner);
        node.put("subject_time", group.subjectTime);
        node.put("description_id", group.descriptionId);
        node.put("description", group.description);
        putJid(node, "description_owner", group.descriptionOwner);
        node.put("description_time", group.descriptionTime);
        node.put("announcement", group.announcement);
        node.put("locked", group.locked);
        node.put("member_add_mode", group.memberAddMode);
        node.put("join_approval", group.joinApproval);
        node.put("ephemeral", group.ephemeral);
        putJid(node, "linked_parent", group.linkedParent);
        node.put("default_sub_group", group.defaultSubGroup);
        node.put("picture_id", group.pictureId);
        node.put("picture", group.picture == null ? null : BASE64.encodeToString(group.picture));
        node.put("invite_code", group.inviteCode);
        node.put("version", group.versionCounter);
        return node;
    }

    private static Group read(JsonNode node) {
        Group group = new Group(jid(node, "jid"), jid(node, "creator"), text(node, "subject"),
                node.path("creation").asLong(), required(node, "invite_code"), required(node, "addressing_mode"),
                node.path("community").asBoolean());
        group.members.clear();
        for (JsonNode member : node.path("members")) {
            group.members.put(jid(member, "jid"), Group.Role.valueOf(required(member, "role")));
        }
        for (JsonNode request : node.path("pending")) {
            group.pending.put(jid(request, "jid"), request.path("t").asLong());
        }
        for (JsonNode invite : node.path("direct_invites")) {
            group.directInvites.put(jid(invite, "jid"), new Group.DirectInvite(required(invite, "code"),
                    invite.path("expiration").asLong(), jid(invite, "admin")));
        }
        node.path("sub_groups").forEach(sub -> group.subGroups.add(Jid.parse(sub.asText())));
        group.subjectOwner = optionalJid(node, "subject_owner");
        group.subjectTime = node.path("subject_time").asLong();
        group.descriptionId = text(node, "description_id");
        group.description = text(node, "description");
        group.descriptionOwner = optionalJid(node, "description_owner");
        group.descriptionTime = node.path("description_time").asLong();
        group.announcement = node.path("announcement").asBoolean();
        group.locked = node.path("locked").asBoolean();
        group.memberAddMode = required(node, "member_add_mode");
        group.joinApproval = node.path("join_approval").asBoolean();
        group.ephemeral = node.path("ephemeral").asInt();
        group.linkedParent = optionalJid(node, "linked_parent");
        group.defaultSubGroup = node.path("default_sub_group").asBoolean();
        group.pictureId = text(node, "picture_id");
        String picture = text(node, "picture");
        group.picture = picture == null ? null : UNBASE64.decode(picture);
        group.versionCounter = node.path("version").asLong();
        return group;
    }

    private static void putJid(ObjectNode node, String field, Jid jid) {
        node.put(field, jid == null ? null : jid.toString());
    }

    private static Jid jid(JsonNode node, String field) {
        return Jid.parse(required(node, field));
    }

    private static Jid optionalJid(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Jid.parse(value);
    }

    /** A string field, null when absent or null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalStateException("a group in the sandbox state has no " + field);
        }
        return value;
    }
}
