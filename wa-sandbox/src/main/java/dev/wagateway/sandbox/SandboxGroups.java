package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups part of the control surface (contract second edition): a group as the server holds it, a phone creating
 * one, and a phone's group-add privacy. Refusals are {@link SandboxException}s with an HTTP status.
 */
public final class SandboxGroups {

    private final GroupService groups;
    private final Directory directory;

    SandboxGroups(GroupService groups, Directory directory) {
        this.groups = groups;
        this.directory = directory;
    }

    /**
     * {@code {jid, subject, description, addressing_mode, announce, locked, member_add_mode, join_approval, parent,
     * is_community, participants: [{jid, lid, phone, role}], pending: [jid], invite_code}}; 404 when unknown.
     */
    public Map<String, Object> group(String jid) {
        Jid parsed = Jid.tryParse(jid == null ? "" : jid).filter(j -> j.isGroup() && !j.user().isEmpty())
                .orElseThrow(() -> new SandboxException(400, "not a group JID: " + jid));
        Group group = groups.group(parsed).orElseThrow(() -> new SandboxException(404, "unknown group " + parsed));
        return group.locked(() -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("jid", group.jid.toString());
            view.put("subject", group.subject);
            view.put("description", group.description);
            view.put("addressing_mode", group.addressingMode);
            view.put("announce", group.announcement);
            view.put("locked", group.locked);
            view.put("member_add_mode", group.memberAddMode.equals("all_member_add") ? "all_members" : "admin_only");
            view.put("join_approval", group.joinApproval);
            view.put("parent", group.linkedParent == null ? null : group.linkedParent.toString());
            view.put("is_community", group.community);
            view.put("default_sub_group", group.defaultSubGroup);
            view.put("ephemeral", group.ephemeral);
            view.put("picture_id", group.pictureId);
            List<Map<String, Object>> participants = new ArrayList<>();
            group.members.forEach((member, role) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("jid", member.toString());
                entry.put("lid", directory.account(member).map(account -> account.lid().toString()).orElse(null));
                entry.put("phone", directory.account(member).map(account -> account.jid().user()).orElse(null));
                entry.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
                participants.add(entry);
            });
            view.put("participants", participants);
            view.put("pending", group.pending.keySet().stream().map(Jid::toString).toList());
            view.put("invite_code", group.inviteCode);
            view.put("sub_groups", group.subGroups.stream().map(Jid::toString).toList());
            return view;
        });
    }

    /**
     * The phone {@code creator} creates a group with {@code participants} (phones or user JIDs); members' companions
     * get the {@code create} notification. Groups are LID-addressed unless {@code addressing_mode} is {@code "pn"}.
     */
    public Map<String, Object> createGroup(String creator, String subject, List<String> participants,
                                           String addressingMode) {
        Account account = directory.account(creator == null ? "" : creator)
                .orElseThrow(() -> new SandboxException(404, "unknown phone " + creator));
        String mode = addressingMode == null || addressingMode.isEmpty() ? GroupService.DEFAULT_ADDRESSING
                : addressingMode;
        if (!mode.equals("pn") && !mode.equals("lid")) {
            throw new SandboxException(400, "addressing_mode must be pn or lid");
        }
        if (subject == null || subject.isBlank()) {
            throw new SandboxException(400, "subject is required");
        }
        List<Jid> members = new ArrayList<>();
        for (String participant : participants == null ? List.<String>of() : participants) {
            Jid jid = Jid.tryParse(participant == null ? "" : participant.contains("@") ? participant
                    : participant + "@" + Jid.USER_SERVER).filter(Jid::isUser)
                    .orElseThrow(() -> new SandboxException(400, "not a phone or user JID: " + participant));
            if (directory.account(jid).isEmpty()) {
                throw new SandboxException(404, "unknown participant " + jid);
            }
            members.add(directory.phoneUser(jid));
        }
        GroupService.Created created = groups.create(new GroupService.Creation(subject.trim(), members, null, null,
                "admin_add", false, false, 0, false, false, null, null, mode), account.jid());
        if (created.refusal() != null) {
            throw new SandboxException(created.refusal().code() == 406 ? 400 : created.refusal().code(),
                    "WhatsApp refused the group: " + created.refusal().code() + " " + created.refusal().text());
        }
        return group(created.created().jid.toString());
    }

    /** A phone's group-add privacy: {@code all} lets anyone add it; other values make adds send an invite. */
    public void groupAddPrivacy(String phone, String value) {
        if (!List.of("all", "contacts", "contact_blacklist", "none").contains(value)) {
            throw new SandboxException(400, "group_add must be all, contacts, contact_blacklist or none");
        }
        directory.account(phone == null ? "" : phone)
                .orElseThrow(() -> new SandboxException(404, "unknown phone " + phone)).groupAddPrivacy(value);
    }
}
