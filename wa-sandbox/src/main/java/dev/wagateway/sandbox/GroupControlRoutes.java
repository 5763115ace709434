package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;

import java.util.ArrayList;
import java.util.List;

/**
 * The control API's group routes (contract second edition): {@code GET /sandbox/groups/{jid}} and
 * {@code POST /sandbox/groups} {@code {creator, subject, participants, addressing_mode}}.
 */
final class GroupControlRoutes {

    private final SandboxGroups groups;

    GroupControlRoutes(SandboxGroups groups) {
        this.groups = groups;
    }

    void register(Javalin app, String prefix) {
        app.get(prefix + "/groups/{jid}", ctx -> ctx.json(groups.group(ctx.pathParam("jid"))));
        app.post(prefix + "/groups", ctx -> {
            JsonNode body = ControlRoutes.body(ctx);
            List<String> participants = new ArrayList<>();
            JsonNode list = body.path("participants");
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw new SandboxException(400, "participants must be an array");
            }
            for (JsonNode participant : list) {
                if (!participant.isTextual() && !participant.isNumber()) {
                    throw new SandboxException(400, "participants must be phones or JIDs");
                }
                participants.add(participant.asText());
            }
            ctx.status(201).json(groups.createGroup(ControlRoutes.text(body, "creator"),
                    ControlRoutes.text(body, "subject"), participants, ControlRoutes.text(body, "addressing_mode")));
        });
    }
}
