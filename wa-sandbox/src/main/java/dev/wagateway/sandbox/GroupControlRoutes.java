package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The control API's group routes (contract second edition): {@code GET /sandbox/groups/{jid}} and
 * {@code POST /sandbox/groups} {@code {creator, subject, participants, addressing_mode}}.
 */
final class GroupControlRoutes {

    private final SandboxGroups groups;
    private final ObjectMapper json = new ObjectMapper();

    GroupControlRoutes(SandboxGroups groups) {
        this.groups = groups;
    }

    void register(Javalin app, String prefix) {
        app.get(prefix + "/groups/{jid}", ctx -> ctx.json(groups.group(ctx.pathParam("jid"))));
        app.post(prefix + "/groups", ctx -> {
            JsonNode body;
            try {
                body = json.readTree(ctx.body());
            } catch (IOException e) {
                throw new SandboxException(400, "body is not valid JSON");
            }
            if (body == null || !body.isObject()) {
                throw new SandboxException(400, "body must be a JSON object");
            }
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
            ctx.status(201).json(groups.createGroup(text(body, "creator"), text(body, "subject"), participants,
                    text(body, "addressing_mode")));
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new SandboxException(400, field + " must be a string");
        }
        return value.asText();
    }
}
