package dev.wagateway.http.routes;

import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

/** Groups and communities (api.md rows 43–66): not built yet, each answers 501. */
public final class GroupRoutes implements RouteGroup {

    @Override
    public void register(RouteRegistry routes) {
        routes.notImplemented("GET", "/groups");
        routes.notImplemented("POST", "/groups");
        // The literal invite path before {group_jid}, so "invite" is never taken for a group.
        routes.notImplemented("GET", "/groups/invite/{invite_code}");
        routes.notImplemented("GET", "/groups/{group_jid}");
        routes.notImplemented("POST", "/groups/{group_jid}/leave");
        routes.notImplemented("PATCH", "/groups/{group_jid}/name");
        routes.notImplemented("PATCH", "/groups/{group_jid}/description");
        routes.notImplemented("POST", "/groups/{group_jid}/photo");
        routes.notImplemented("GET", "/groups/{group_jid}/invite-link");
        routes.notImplemented("PATCH", "/groups/{group_jid}/settings");
        routes.notImplemented("GET", "/groups/{group_jid}/participant-requests");
        routes.notImplemented("POST", "/groups/{group_jid}/join-approval");
        routes.notImplemented("POST", "/groups/{group_jid}/join-invite");
        routes.notImplemented("PATCH", "/groups/{group_jid}/member-add-mode");
        routes.notImplemented("PATCH", "/groups/{group_jid}/topic");
        routes.notImplemented("POST", "/groups/{parent_group_jid}/link/{group_jid}");
        routes.notImplemented("GET", "/groups/{community_jid}/linked-participants");
        routes.notImplemented("GET", "/groups/{community_jid}/subgroups");
        routes.notImplemented("POST", "/groups/{group_jid}/participants");
        routes.notImplemented("DELETE", "/groups/{group_jid}/participants");
        routes.notImplemented("POST", "/groups/{group_jid}/requests/approve");
        routes.notImplemented("POST", "/groups/{group_jid}/requests/reject");
        routes.notImplemented("POST", "/groups/{group_jid}/admins");
        routes.notImplemented("DELETE", "/groups/{group_jid}/admins");
    }
}
