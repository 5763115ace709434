package dev.wagateway.http.routes;

import dev.wagateway.core.message.MessageActions;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.poll.PollResults;
import dev.wagateway.core.poll.PollService;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.MediaSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Polls (api.md §6.4): sending one, voting on one the device created or received (both answer
 * {@code {message_id, chat, timestamp}} once WhatsApp acknowledged the message), its results from the recorded
 * votes, and deleting it (a revoke of the poll message).
 */
public final class PollRoutes implements RouteGroup {

    private static final int QUESTION = 1024;
    private static final int OPTION = 255;

    private final AuthGate auth;
    private static final String RESULTS_NOTE = "Subscribe to poll.vote webhook events for live votes; the tally "
            + "counts the votes this device recorded";

    private final PollService polls;
    private final MessageActions actions;

    /** Wires the routes. */
    public PollRoutes(AuthGate auth, PollService polls, MessageActions actions) {
        this.auth = auth;
        this.polls = polls;
        this.actions = actions;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(new RouteSpec(0, "POST", "/chats/{chat_jid}/polls", AuthScheme.JWT, "Chats", "Send poll",
                "media"), MediaSchemas.shape("POST /chats/{chat_jid}/polls"), this::sendPoll);
        routes.add(new RouteSpec(0, "POST", "/polls/{poll_id}/vote", AuthScheme.JWT, "Polls", "Vote on poll",
                "media"), MediaSchemas.shape("POST /polls/{poll_id}/vote"), this::vote);
        routes.add(new RouteSpec(0, "GET", "/polls/{poll_id}/results", AuthScheme.JWT, "Polls", "Poll results",
                "media"), MediaSchemas.shape("GET /polls/{poll_id}/results"), this::results);
        routes.add(new RouteSpec(0, "DELETE", "/polls/{poll_id}", AuthScheme.JWT, "Polls", "Delete poll",
                "media"), MediaSchemas.shape("DELETE /polls/{poll_id}"), this::delete);
    }

    private void results(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String pollId = RequestFields.checked("poll_id", ctx.pathParam("poll_id"), FieldLimits.MESSAGE_ID);
        PollResults results = polls.results(me.deviceId(), pollId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("poll_id", results.pollId());
        data.put("note", RESULTS_NOTE);
        results.poll().ifPresent(tally -> {
            data.put("chat_jid", tally.chat());
            data.put("question", tally.question());
            data.put("voters", tally.voters());
            data.put("options", tally.options().stream().map(option -> Map.of("name", option.name(),
                    "votes", option.voters().size(), "voters", option.voters())).toList());
        });
        Responses.ok(ctx, "Poll results are delivered via webhook events", data);
    }

    private void delete(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String pollId = RequestFields.checked("poll_id", ctx.pathParam("poll_id"), FieldLimits.MESSAGE_ID);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        String chat = body.string("chat_jid", FieldLimits.JID).orElse("");
        actions.revoke(me.deviceId(), chat, pollId, Optional.empty());
        Responses.ok(ctx, "Success delete poll");
    }

    private void sendPoll(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String chat = MediaRoutes.chat(ctx);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        List<String> options = body.strings("options", 13, OPTION).orElse(List.of());
        SentMessage sent = polls.sendPoll(me.deviceId(), chat, body.string("question", QUESTION).orElse(""), options,
                body.bool("multi_answer").orElse(false), body.formSwitch("typing_simulation"),
                body.formSwitch("presence_simulation"));
        Responses.ok(ctx, "Success send poll", MediaRoutes.sent(sent));
    }

    private void vote(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String pollId = RequestFields.checked("poll_id", ctx.pathParam("poll_id"), FieldLimits.MESSAGE_ID);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        String chat = body.string("chat_jid", FieldLimits.JID).orElse("");
        List<String> options = body.strings("options", 13, OPTION).orElse(List.of());
        SentMessage sent = polls.vote(me.deviceId(), pollId, chat, options, body.formSwitch("typing_simulation"),
                body.formSwitch("presence_simulation"));
        Responses.ok(ctx, "Success vote on poll", MediaRoutes.sent(sent));
    }
}
