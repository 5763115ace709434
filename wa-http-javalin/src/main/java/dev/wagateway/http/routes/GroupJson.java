package dev.wagateway.http.routes;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.group.GroupDescription;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.GroupParticipant;
import dev.wagateway.protocol.group.JoinRequest;
import dev.wagateway.protocol.group.ParticipantResult;
import dev.wagateway.protocol.group.ParticipantRole;
import dev.wagateway.protocol.group.SubGroup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups as the contract writes them (api.md §5.8): the Go library's field names ({@code JID, OwnerJID, Name,
 * NameSetAt, ...}), JIDs as {@code user@server} strings ({@code ""} when absent), times as RFC 3339 with the zero
 * time {@code 0001-01-01T00:00:00Z} for "never".
 */
final class GroupJson {

    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private GroupJson() {
    }

    /** Rows 44, 45, 54: a GroupInfo. */
    static Map<String, Object> info(GroupInfo info) {
        Map<String, Object> data = new LinkedHashMap<>();
        Optional<GroupDescription> topic = info.description();
        data.put("JID", info.jid().toString());
        data.put("OwnerJID", jid(info.owner()));
        data.put("OwnerPN", jid(info.ownerPn()));
        data.put("Name", info.subject());
        data.put("NameSetAt", time(info.subjectSetAt()));
        data.put("NameSetBy", jid(info.subjectSetBy()));
        data.put("NameSetByPN", jid(info.subjectSetByPn()));
        data.put("Topic", topic.map(GroupDescription::text).orElse(""));
        data.put("TopicID", topic.map(GroupDescription::id).orElse(""));
        data.put("TopicSetAt", time(topic.flatMap(GroupDescription::setAt)));
        data.put("TopicSetBy", jid(topic.flatMap(GroupDescription::setBy)));
        data.put("TopicSetByPN", jid(topic.flatMap(GroupDescription::setByPn)));
        data.put("TopicDeleted", false);
        data.put("IsLocked", info.locked());
        data.put("IsAnnounce", info.announce());
        data.put("IsEphemeral", info.ephemeralSeconds() > 0);
        data.put("DisappearingTimer", info.ephemeralSeconds());
        data.put("IsIncognito", info.incognito());
        data.put("IsParent", info.community());
        data.put("DefaultMembershipApprovalMode", info.defaultMembershipApprovalMode().orElse(""));
        data.put("LinkedParentJID", jid(info.linkedParent()));
        data.put("IsDefaultSubGroup", info.defaultSubGroup());
        data.put("IsJoinApprovalRequired", info.joinApprovalRequired());
        data.put("AddressingMode", info.addressingMode().wire());
        data.put("GroupCreated", time(info.created()));
        data.put("ParticipantVersionID", info.participantVersionId().orElse(""));
        data.put("Participants", info.participants().stream().map(p -> participant(p, false)).toList());
        data.put("MemberAddMode", info.memberAddMode().map(mode -> mode.wire()).orElse(""));
        data.put("Suspended", info.suspended());
        return data;
    }

    /** Row 43: an EnhancedGroup, empty and false fields left out; {@code PhoneNumber} is the number only. */
    static Map<String, Object> enhanced(GroupInfo info) {
        Map<String, Object> data = new LinkedHashMap<>();
        Optional<GroupDescription> topic = info.description();
        data.put("JID", info.jid().toString());
        info.owner().ifPresent(owner -> data.put("OwnerJID", owner.toString()));
        data.put("Name", info.subject());
        data.put("NameSetAt", time(info.subjectSetAt()));
        info.subjectSetBy().ifPresent(by -> data.put("NameSetBy", by.toString()));
        topic.map(GroupDescription::text).filter(text -> !text.isEmpty()).ifPresent(text -> data.put("Topic", text));
        topic.map(GroupDescription::id).filter(id -> !id.isEmpty()).ifPresent(id -> data.put("TopicID", id));
        data.put("TopicSetAt", time(topic.flatMap(GroupDescription::setAt)));
        topic.flatMap(GroupDescription::setBy).ifPresent(by -> data.put("TopicSetBy", by.toString()));
        data.put("IsLocked", info.locked());
        data.put("IsAnnounce", info.announce());
        if (info.ephemeralSeconds() > 0) {
            data.put("Ephemeral", info.ephemeralSeconds());
        }
        flag(data, "IsParent", info.community());
        flag(data, "IsDefaultSubGroup", info.defaultSubGroup());
        info.linkedParent().ifPresent(parent -> data.put("LinkedParentJID", parent.toString()));
        flag(data, "IsIncognito", info.incognito());
        info.memberAddMode().ifPresent(mode -> data.put("MemberAddMode", mode.wire()));
        data.put("GroupCreated", time(info.created()));
        info.participantVersionId().filter(id -> !id.isEmpty()).ifPresent(id -> data.put("ParticipantVersionID", id));
        data.put("Participants", info.participants().stream().map(p -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("JID", p.jid().toString());
            entry.put("PhoneNumber", p.phoneNumber().or(() -> Optional.of(p.jid()).filter(Jid::isUser))
                    .map(Jid::user).orElse(""));
            entry.put("LID", jid(p.lid()));
            entry.put("IsAdmin", p.role().isAdmin());
            entry.put("IsSuperAdmin", p.role() == ParticipantRole.SUPERADMIN);
            p.displayName().filter(name -> !name.isEmpty()).ifPresent(name -> entry.put("DisplayName", name));
            return entry;
        }).toList());
        flag(data, "IsJoinApprovalRequired", info.joinApprovalRequired());
        if (info.community()) {
            data.put("GroupType", "community");
        }
        return data;
    }

    /** Rows 61–66: the outcome per participant. */
    static List<Map<String, Object>> results(List<ParticipantResult> results) {
        return results.stream().map(result -> {
            Map<String, Object> entry = participant(result.participant(), true);
            entry.put("Error", result.error());
            result.addRequest().ifPresent(request -> {
                Map<String, Object> invite = new LinkedHashMap<>();
                invite.put("Code", request.code());
                invite.put("Expiration", request.expiration().toString());
                entry.put("AddRequest", invite);
            });
            return entry;
        }).toList();
    }

    /** Row 52. */
    static List<Map<String, Object>> joinRequests(List<JoinRequest> requests) {
        return requests.stream().map(request -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("JID", request.jid().toString());
            entry.put("RequestedAt", time(request.requestedAt()));
            return entry;
        }).toList();
    }

    /** Row 60. */
    static List<Map<String, Object>> subGroups(List<SubGroup> groups) {
        return groups.stream().map(group -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("JID", group.jid().toString());
            entry.put("Name", group.subject().orElse(""));
            entry.put("NameSetAt", time(group.subjectSetAt()));
            entry.put("NameSetBy", "");
            entry.put("IsDefaultSubGroup", group.defaultSubGroup());
            return entry;
        }).toList();
    }

    /** Row 59: the JIDs of a community's members. */
    static List<String> jids(List<GroupParticipant> participants) {
        return participants.stream().map(p -> p.jid().toString()).distinct().toList();
    }

    private static Map<String, Object> participant(GroupParticipant p, boolean withError) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("JID", p.jid().toString());
        entry.put("PhoneNumber", jid(p.phoneNumber().or(() -> Optional.of(p.jid()).filter(Jid::isUser))));
        entry.put("LID", jid(p.lid()));
        entry.put("IsAdmin", p.role().isAdmin());
        entry.put("IsSuperAdmin", p.role() == ParticipantRole.SUPERADMIN);
        entry.put("DisplayName", p.displayName().orElse(""));
        if (!withError) {
            entry.put("Error", 0);
        }
        return entry;
    }

    private static void flag(Map<String, Object> data, String name, boolean value) {
        if (value) {
            data.put(name, true);
        }
    }

    private static String jid(Optional<Jid> jid) {
        return jid.map(Jid::toString).orElse("");
    }

    private static String time(Optional<Instant> time) {
        return time.map(Instant::toString).orElse(ZERO_TIME);
    }
}
