package dev.wagateway.http.routes;

import dev.wagateway.core.group.GroupService;
import dev.wagateway.core.group.GroupSettings;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.protocol.group.GroupInfo;
import dev.wagateway.protocol.group.JoinRequestAction;
import dev.wagateway.protocol.group.ParticipantAction;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Groups and communities (api.md §5.8, rows 43–66). Group path parameters and participant lists are resolved by
 * the service (R1); bodies that do not parse answer 400 {@code Failed parse body request}, DELETE bodies included.
 */
public final class GroupRoutes implements RouteGroup {

    private static final String PARSE = "Failed parse body request";
    /** WhatsApp's largest groups have 1,024 members; a longer list cannot be meant. */
    private static final int MAX_PARTICIPANTS = 1024;
    /** WhatsApp allows 100 characters of subject and 2,048 of description; a little room for what it refuses. */
    private static final int NAME = 512;
    private static final int DESCRIPTION = 4096;
    private static final int CODE = 256;
    /** A base64 JPEG in a JSON body; the body limit bounds it too. */
    private static final int PHOTO_BASE64 = 12 * 1024 * 1024;
    private static final long MAX_PHOTO_BYTES = 8L * 1024 * 1024;

    private final AuthGate auth;
    private final GroupService groups;

    /** Wires the routes. */
    public GroupRoutes(AuthGate auth, GroupService groups) {
        this.auth = auth;
        this.groups = groups;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/groups", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            boolean refresh = flag(ctx, "force_refresh");
            flag(ctx, "resolve_phone"); // checked; members are phone-number addressed, so numbers are known
            List<GroupInfo> list = groups.joinedGroups(me.deviceId(), refresh);
            Responses.ok(ctx, "Success get " + list.size() + " groups with members",
                    list.stream().map(GroupJson::enhanced).toList());
        });
        routes.post("/groups", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            String name = body.string("name", NAME).orElse("");
            List<String> participants = participants(body, "participants").orElse(List.of());
            Optional<String> description = body.string("description", DESCRIPTION);
            Optional<byte[]> photo = body.string("photo", PHOTO_BASE64).filter(s -> !s.isBlank())
                    .map(GroupRoutes::base64);
            GroupInfo created = groups.create(me.deviceId(), name, participants, description, photo);
            Responses.ok(ctx, "Success create group", GroupJson.info(created));
        });
        // The literal invite path before {group_jid}, so "invite" is never taken for a group.
        routes.get("/groups/invite/{invite_code}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            String code = RequestFields.checked("invite_code", ctx.pathParam("invite_code"), CODE);
            Responses.ok(ctx, "Success get group info", GroupJson.info(groups.previewInvite(me.deviceId(), code)));
        });
        routes.get("/groups/{group_jid}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get group info", GroupJson.info(groups.info(me.deviceId(), group(ctx))));
        });
        routes.post("/groups/{group_jid}/leave", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            groups.leave(me.deviceId(), group(ctx));
            Responses.ok(ctx, "Success leave group");
        });
        routes.patch("/groups/{group_jid}/name", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            groups.rename(me.deviceId(), group(ctx), body.string("name", NAME).orElse(""));
            Responses.ok(ctx, "Success update group name");
        });
        routes.patch("/groups/{group_jid}/description", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            groups.describe(me.deviceId(), group(ctx), body.string("description", DESCRIPTION).orElse(""));
            Responses.ok(ctx, "Success update group description");
        });
        routes.post("/groups/{group_jid}/photo", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            byte[] photo = photo(ctx);
            String id = groups.setPhoto(me.deviceId(), group(ctx), photo);
            Responses.ok(ctx, "Success update group photo", Map.of("photo_url", id));
        });
        routes.get("/groups/{group_jid}/invite-link", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            String link = groups.inviteLink(me.deviceId(), group(ctx), flag(ctx, "reset"));
            Responses.ok(ctx, "Success get invite link", Map.of("link", link));
        });
        routes.patch("/groups/{group_jid}/settings", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            GroupSettings settings = new GroupSettings(body.bool("announce"), body.bool("locked"),
                    body.string("member_add_mode", FieldLimits.OPTION * 2), body.bool("join_approval"));
            groups.updateSettings(me.deviceId(), group(ctx), settings);
            Responses.ok(ctx, "Success update group settings");
        });
        routes.get("/groups/{group_jid}/participant-requests", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get participant requests",
                    GroupJson.joinRequests(groups.joinRequests(me.deviceId(), group(ctx))));
        });
        routes.post("/groups/{group_jid}/join-approval", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            groups.setJoinApproval(me.deviceId(), group(ctx), body.bool("mode").orElse(false));
            Responses.ok(ctx, "Success set join approval mode");
        });
        routes.post("/groups/{group_jid}/join-invite", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            String code = body.string("invite_code", CODE).orElse("");
            String inviter = body.string("inviter", FieldLimits.JID).orElse("");
            long expiration = body.integer("expiration").orElse(0);
            groups.joinByDirectInvite(me.deviceId(), group(ctx), code, inviter, expiration);
            Responses.ok(ctx, "Success join group with invite");
        });
        routes.patch("/groups/{group_jid}/member-add-mode", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            // a missing mode is the request's fault (400); a present but unknown one is the contract's 500
            String mode = body.string("mode", FieldLimits.OPTION * 2).filter(m -> !m.isBlank())
                    .orElseThrow(() -> new BadRequestException("mode is required"));
            groups.setMemberAddMode(me.deviceId(), group(ctx), mode);
            Responses.ok(ctx, "Success set member add mode");
        });
        routes.patch("/groups/{group_jid}/topic", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, PARSE);
            groups.setTopic(me.deviceId(), group(ctx), body.string("previous_id", CODE).orElse(""),
                    body.string("new_id", CODE).orElse(""), body.string("topic", DESCRIPTION).orElse(""));
            Responses.ok(ctx, "Success set group topic");
        });
        routes.post("/groups/{parent_group_jid}/link/{group_jid}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            String parent = RequestFields.checked("parent_group_jid", ctx.pathParam("parent_group_jid"),
                    FieldLimits.JID);
            groups.link(me.deviceId(), parent, group(ctx));
            Responses.ok(ctx, "Success link groups");
        });
        routes.get("/groups/{community_jid}/linked-participants", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get linked participants",
                    GroupJson.jids(groups.linkedParticipants(me.deviceId(), community(ctx))));
        });
        routes.get("/groups/{community_jid}/subgroups", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get sub groups",
                    GroupJson.subGroups(groups.subGroups(me.deviceId(), community(ctx))));
        });
        routes.post("/groups/{group_jid}/participants", ctx ->
                participants(ctx, "participants", ParticipantAction.ADD, "Success add participants"));
        routes.delete("/groups/{group_jid}/participants", ctx ->
                participants(ctx, "participants", ParticipantAction.REMOVE, "Success remove participants"));
        routes.post("/groups/{group_jid}/requests/approve", ctx ->
                requests(ctx, JoinRequestAction.APPROVE, "Success approve join requests"));
        routes.post("/groups/{group_jid}/requests/reject", ctx ->
                requests(ctx, JoinRequestAction.REJECT, "Success reject join requests"));
        routes.post("/groups/{group_jid}/admins", ctx ->
                participants(ctx, "users", ParticipantAction.PROMOTE, "Success promote admins"));
        routes.delete("/groups/{group_jid}/admins", ctx ->
                participants(ctx, "users", ParticipantAction.DEMOTE, "Success demote admins"));
    }

    private void participants(Context ctx, String field, ParticipantAction action, String message) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        RequestFields body = RequestFields.require(ctx, PARSE);
        List<String> users = participants(body, field).orElse(List.of());
        Responses.ok(ctx, message, GroupJson.results(groups.updateParticipants(me.deviceId(), group(ctx), action,
                users)));
    }

    private void requests(Context ctx, JoinRequestAction action, String message) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        RequestFields body = RequestFields.require(ctx, PARSE);
        List<String> users = participants(body, "users").orElse(List.of());
        Responses.ok(ctx, message, GroupJson.results(groups.reviewJoinRequests(me.deviceId(), group(ctx), action,
                users)));
    }

    private static Optional<List<String>> participants(RequestFields body, String field) {
        return body.strings(field, MAX_PARTICIPANTS, FieldLimits.JID);
    }

    private static String group(Context ctx) {
        return RequestFields.checked("group_jid", ctx.pathParam("group_jid"), FieldLimits.JID);
    }

    private static String community(Context ctx) {
        return RequestFields.checked("community_jid", ctx.pathParam("community_jid"), FieldLimits.JID);
    }

    /** A boolean query parameter: {@code true/1/yes/on} or {@code false/0/no/off}; absent is false. */
    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new BadRequestException(name + " must be a boolean");
        };
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getMimeDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("photo must be a base64 JPEG");
        }
    }

    /** The multipart {@code photo} part (row 49), read up to its limit. */
    private static byte[] photo(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw new BadRequestException("photo is required");
        }
        UploadedFile file;
        try {
            file = ctx.uploadedFile("photo");
        } catch (Exception e) { // a body without a (right) boundary, or broken parts (Javalin rethrows the parser's
            // IOException unchecked)
            throw new BadRequestException("photo is required");
        }
        if (file == null || file.size() == 0) {
            throw new BadRequestException("photo is required");
        }
        if (file.size() > MAX_PHOTO_BYTES) {
            throw new BadRequestException("photo must be at most " + MAX_PHOTO_BYTES + " bytes");
        }
        try (InputStream in = file.content()) {
            return in.readNBytes((int) MAX_PHOTO_BYTES);
        } catch (IOException e) {
            throw new BadRequestException("photo could not be read");
        }
    }
}
