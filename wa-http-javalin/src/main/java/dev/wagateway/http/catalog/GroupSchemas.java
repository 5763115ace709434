package dev.wagateway.http.catalog;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.file;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * The shapes of the group routes (api.md §5.8, rows 43–66): the Go library's field names, as the routes write
 * them.
 */
final class GroupSchemas {

    private static final String GROUP = "120363123456789012@g.us";
    private static final String USER = "6281234567890@s.whatsapp.net";
    private static final String LID = "123456789012345@lid";
    private static final String TIME = "2026-03-25T10:00:00Z";

    private GroupSchemas() {
    }

    static void register(BiConsumer<String, OperationShape> put) {
        Map<String, Object> member = object("JID", string(USER), "PhoneNumber", string(USER), "LID", string(LID),
                "IsAdmin", bool(false), "IsSuperAdmin", bool(false), "DisplayName", string(""),
                "Error", integer(0));
        Map<String, Object> info = object("JID", string(GROUP), "OwnerJID", string(USER), "OwnerPN", string(""),
                "Name", string("Customers"), "NameSetAt", time(), "NameSetBy", string(USER),
                "NameSetByPN", string(""), "Topic", string("Support group"), "TopicID", string("3EB0A1B2C3D4E5F6"),
                "TopicSetAt", time(), "TopicSetBy", string(USER), "TopicSetByPN", string(""),
                "TopicDeleted", bool(false), "IsLocked", bool(false), "IsAnnounce", bool(false),
                "IsEphemeral", bool(false), "DisappearingTimer", integer(0), "IsIncognito", bool(false),
                "IsParent", bool(false), "DefaultMembershipApprovalMode", string(""),
                "LinkedParentJID", string(""), "IsDefaultSubGroup", bool(false),
                "IsJoinApprovalRequired", bool(false), "AddressingMode", oneOf("pn", "lid"), "GroupCreated", time(),
                "ParticipantVersionID", string("1774433730123456"), "Participants", array(member),
                "MemberAddMode", string("admin_add", "admin_add or all_member_add; empty when not given"),
                "Suspended", bool(false));
        Map<String, Object> enhanced = object("JID", string(GROUP), "OwnerJID", optional(string(USER)),
                "Name", string("Customers"), "NameSetAt", time(), "NameSetBy", optional(string(USER)),
                "Topic", optional(string("Support group")), "TopicID", optional(string("3EB0A1B2C3D4E5F6")),
                "TopicSetAt", time(), "TopicSetBy", optional(string(USER)),
                "TopicDeleted", optional(bool(true)), "IsLocked", bool(false), "IsAnnounce", bool(false),
                "Ephemeral", optional(integer(86400)), "IsParent", optional(bool(true)),
                "IsDefaultSubGroup", optional(bool(true)), "LinkedParentJID", optional(string(GROUP)),
                "IsIncognito", optional(bool(true)), "MemberAddMode", optional(string("admin_add")),
                "GroupCreated", time(), "ParticipantVersionID", optional(string("1774433730123456")),
                "Participants", array(object("JID", string(USER), "PhoneNumber", string("6281234567890",
                                "the number only"), "LID", string(LID), "IsAdmin", bool(true),
                        "IsSuperAdmin", bool(true), "DisplayName", optional(string("Acme")),
                        "Error", optional(integer(0)))),
                "IsJoinApprovalRequired", optional(bool(true)), "GroupType", optional(string("community")));
        Map<String, Object> result = object("JID", string(USER), "PhoneNumber", string(USER), "LID", string(LID),
                "IsAdmin", bool(false), "IsSuperAdmin", bool(false), "DisplayName", string(""),
                "Error", described(integer(0), "WhatsApp's status for this participant: 0 done, 403 refused by "
                        + "privacy (see AddRequest), 404 not on WhatsApp or not a member, 409 already a member"),
                "AddRequest", optional(object("Code", string("AbCdEfGh12"), "Expiration", time())));
        Map<String, Object> users = object("users", array(string(USER, "a phone number or user JID")));
        Map<String, Object> usersExample = Map.of("users", List.of("6281234567890"));

        put.accept("GET /groups", OperationShape.builder()
                .query("resolve_phone", bool(false), false, "resolve members' phone numbers")
                .query("force_refresh", bool(false), false, "skip the per-device cache")
                .envelope(200, "Success get " + ResponseShape.COUNT + " groups with members", array(enhanced)).build());
        put.accept("POST /groups", OperationShape.builder()
                .body(object("name", string("Customers"), "participants", optional(array(string(USER))),
                                "description", optional(string("Support group")),
                                "photo", optional(string("/9j/4AAQSkZJRgABAQ…", "base64 JPEG"))),
                        Map.of("name", "Customers", "participants", List.of("6281234567890")), true)
                .envelope(200, "Success create group", info).build());
        put.accept("GET /groups/{group_jid}", envelope("Success get group info", info));
        put.accept("POST /groups/{group_jid}/leave", envelope("Success leave group", null));
        put.accept("PATCH /groups/{group_jid}/name", OperationShape.builder()
                .body(object("name", string("Customers 2026")), Map.of("name", "Customers 2026"), true)
                .envelope(200, "Success update group name", null).build());
        put.accept("PATCH /groups/{group_jid}/description", OperationShape.builder()
                .body(object("description", string("Support group; empty deletes it")),
                        Map.of("description", "Support group"), true)
                .envelope(200, "Success update group description", null).build());
        put.accept("POST /groups/{group_jid}/photo", OperationShape.builder()
                .body(object("photo", file("a JPEG")), Map.of(), true).multipartOnly()
                .envelope(200, "Success update group photo", object("photo_url", string("1774433730",
                        "the new picture's id"))).build());
        put.accept("GET /groups/{group_jid}/invite-link", OperationShape.builder()
                .query("reset", bool(false), false, "revoke the old link and make a new one")
                .envelope(200, "Success get invite link", object("link",
                        string("https://chat.whatsapp.com/AbCdEfGhIjKlMn"))).build());
        put.accept("PATCH /groups/{group_jid}/settings", OperationShape.builder()
                .body(object("announce", optional(bool(true)), "locked", optional(bool(true)),
                                "member_add_mode", optional(oneOf("all", "admin_only")),
                                "join_approval", optional(bool(true))),
                        Map.of("announce", true, "member_add_mode", "admin_only"), true)
                .envelope(200, "Success update group settings", null).build());
        put.accept("GET /groups/{group_jid}/participant-requests", envelope("Success get participant requests",
                array(object("JID", string(USER), "RequestedAt", time()))));
        put.accept("POST /groups/{group_jid}/join-approval", OperationShape.builder()
                .body(object("mode", bool(true)), Map.of("mode", true), true)
                .envelope(200, "Success set join approval mode", null).build());
        put.accept("GET /groups/invite/{invite_code}", envelope("Success get group info", info));
        put.accept("POST /groups/{group_jid}/join-invite", OperationShape.builder()
                .body(object("invite_code", string("AbCdEfGh12"), "inviter", string(USER),
                                "expiration", integer(1774433730)),
                        Map.of("invite_code", "AbCdEfGh12", "inviter", "6281234567890", "expiration", 1774433730),
                        true)
                .envelope(200, "Success join group with invite", null).build());
        put.accept("PATCH /groups/{group_jid}/member-add-mode", OperationShape.builder()
                .body(object("mode", oneOf("all_members", "admin_only")), Map.of("mode", "admin_only"), true)
                .envelope(200, "Success set member add mode", null).build());
        put.accept("PATCH /groups/{group_jid}/topic", OperationShape.builder()
                .body(object("previous_id", optional(string("")), "new_id", optional(string("")),
                        "topic", string("Support group")), Map.of("topic", "Support group"), true)
                .envelope(200, "Success set group topic", null).build());
        put.accept("POST /groups/{parent_group_jid}/link/{group_jid}", envelope("Success link groups", null));
        put.accept("GET /groups/{community_jid}/linked-participants", envelope("Success get linked participants",
                array(string(USER))));
        put.accept("GET /groups/{community_jid}/subgroups", envelope("Success get sub groups",
                array(object("JID", string(GROUP), "Name", string("Announcements"), "NameSetAt", time(),
                        "NameSetBy", string(""), "IsDefaultSubGroup", bool(true)))));
        Map<String, Object> participants = object("participants", array(string(USER,
                "a phone number or user JID")));
        Map<String, Object> participantsExample = Map.of("participants", List.of("6281234567890"));
        put.accept("POST /groups/{group_jid}/participants", results("Success add participants", participants,
                participantsExample, result));
        put.accept("DELETE /groups/{group_jid}/participants", results("Success remove participants",
                participants, participantsExample, result));
        put.accept("POST /groups/{group_jid}/requests/approve", results("Success approve join requests", users,
                usersExample, result));
        put.accept("POST /groups/{group_jid}/requests/reject", results("Success reject join requests", users,
                usersExample, result));
        put.accept("POST /groups/{group_jid}/admins", results("Success promote admins", users, usersExample,
                result));
        put.accept("DELETE /groups/{group_jid}/admins", results("Success demote admins", users, usersExample,
                result));
    }

    private static OperationShape envelope(String message, Map<String, Object> data) {
        return OperationShape.builder().envelope(200, message, data).build();
    }

    private static OperationShape results(String message, Map<String, Object> body, Map<String, Object> example,
                                          Map<String, Object> result) {
        return OperationShape.builder().body(body, example, true).envelope(200, message, array(result)).build();
    }

    private static Map<String, Object> described(Map<String, Object> schema, String description) {
        Map<String, Object> described = new java.util.LinkedHashMap<>(schema);
        described.put("description", description);
        return described;
    }

    private static Map<String, Object> time() {
        return Schemas.string(TIME, "RFC 3339; 0001-01-01T00:00:00Z when never");
    }
}
