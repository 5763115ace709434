package dev.wagateway.http.routes;

import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.core.user.UserService;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.PresenceSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.user.PrivacySetting;
import dev.wagateway.protocol.user.UserAnswers;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users, privacy and the account's own profile (api.md rows 23–31). */
public final class UserRoutes implements RouteGroup {

    private final AuthGate auth;
    private final UserService users;

    /** Wires the routes. */
    public UserRoutes(AuthGate auth, UserService users) {
        this.auth = auth;
        this.users = users;
    }

    @Override
    public void register(RouteRegistry routes) {
        // The literal "me" routes first, so they are never taken for a {user_jid} (api.md §4.4).
        routes.get("/users/me/privacy", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get privacy settings", privacy(users.privacy(me.deviceId())));
        });
        routes.patch("/users/me/privacy", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            Map<PrivacySetting, String> updated = users.setPrivacy(me.deviceId(),
                    body.string("setting", FieldLimits.OPTION).orElse(""),
                    body.string("value", FieldLimits.OPTION).orElse(""));
            Responses.ok(ctx, "Success update privacy settings", privacy(updated));
        });
        routes.get("/users/me/status-privacy", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get status privacy", users.statusPrivacy(me.deviceId()).stream()
                    .map(list -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("Type", list.type());
                        item.put("List", list.users().stream().map(Jid::toString).toList());
                        item.put("IsDefault", list.isDefault());
                        return item;
                    }).toList());
        });
        routes.add(new RouteSpec(0, "GET", "/users/me/blocklist", AuthScheme.JWT, "Users", "Get blocked users",
                "block list"), PresenceSchemas.shape("GET /users/me/blocklist"), ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get blocklist", Map.of("blocked",
                    users.blocklist(me.deviceId()).stream().map(Jid::toString).toList()));
        });
        routes.post("/users/me/status", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            users.setAbout(me.deviceId(), body.string("status", FieldLimits.ABOUT).orElse(""));
            Responses.ok(ctx, "Success update status");
        });
        routes.get("/users/{user_jid}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            UserAnswers.UserInfo info = users.info(me.deviceId(), jid(ctx, "user_jid"));
            List<String> devices = info.devices().stream().map(Jid::toString).toList();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("VerifiedName", info.verifiedName());
            data.put("Status", info.status());
            data.put("PictureID", info.pictureId());
            data.put("Devices", devices);
            data.put("verified_name", info.verifiedName());
            data.put("status", info.status());
            data.put("picture_id", info.pictureId());
            data.put("devices", devices);
            Responses.ok(ctx, "Success get user info", data);
        });
        routes.get("/users/{user_jid}/profile-picture", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            UserAnswers.ProfilePicture picture = users.picture(me.deviceId(), jid(ctx, "user_jid"));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("URL", picture.url());
            data.put("ID", picture.id());
            data.put("Type", picture.type());
            data.put("DirectURL", picture.directPath());
            Responses.ok(ctx, "Success get user picture", data);
        });
        routes.post("/users/{user_jid}/block", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            users.block(me.deviceId(), jid(ctx, "user_jid"), true);
            Responses.ok(ctx, "Success block user");
        });
        routes.delete("/users/{user_jid}/block", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            users.block(me.deviceId(), jid(ctx, "user_jid"), false);
            Responses.ok(ctx, "Success unblock user");
        });
        routes.get("/users/{jid}/devices", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Responses.ok(ctx, "Success get user devices", users.devices(me.deviceId(), jid(ctx, "jid")).stream()
                    .map(Jid::toString).toList());
        });
    }

    /** The privacy object of api.md row 27: whatsmeow's field names, empty when unknown. */
    private static Map<String, Object> privacy(Map<PrivacySetting, String> settings) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (PrivacySetting setting : PrivacySetting.values()) {
            data.put(setting.goName(), settings.getOrDefault(setting, ""));
        }
        return data;
    }

    private static String jid(Context ctx, String name) {
        return RequestFields.checked(name, ctx.pathParam(name), FieldLimits.JID);
    }
}
