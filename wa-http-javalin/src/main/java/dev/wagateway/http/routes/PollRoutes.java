package dev.wagateway.http.routes;

import dev.wagateway.core.message.SentMessage;
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

import java.util.List;

/**
 * Polls (api.md §6.4): sending one, and voting on one the device created or received; both answer
 * {@code {message_id, chat, timestamp}} once WhatsApp acknowledged the message.
 */
public final class PollRoutes implements RouteGroup {

    private static final int QUESTION = 1024;
    private static final int OPTION = 255;

    private final AuthGate auth;
    private final PollService polls;

    /** Wires the routes. */
    public PollRoutes(AuthGate auth, PollService polls) {
        this.auth = auth;
        this.polls = polls;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(new RouteSpec(0, "POST", "/chats/{chat_jid}/polls", AuthScheme.JWT, "Chats", "Send poll",
                "media"), MediaSchemas.shape("POST /chats/{chat_jid}/polls"), this::sendPoll);
        routes.add(new RouteSpec(0, "POST", "/polls/{poll_id}/vote", AuthScheme.JWT, "Polls", "Vote on poll",
                "media"), MediaSchemas.shape("POST /polls/{poll_id}/vote"), this::vote);
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
