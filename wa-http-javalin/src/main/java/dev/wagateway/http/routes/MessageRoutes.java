package dev.wagateway.http.routes;

import dev.wagateway.core.message.MessageActions;
import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;

/**
 * Actions on one message, the chat named in the body (api.md rows 38–42): read receipts, reactions, edits, revokes
 * and quoted replies.
 */
public final class MessageRoutes implements RouteGroup {

    private final AuthGate auth;
    private final MessagingService messaging;
    private final MessageActions actions;

    /** Wires the routes. */
    public MessageRoutes(AuthGate auth, MessagingService messaging, MessageActions actions) {
        this.auth = auth;
        this.messaging = messaging;
        this.actions = actions;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/messages/{message_id}/read", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.lenient(ctx); // parse errors ignored (api.md §2.3)
            String chat = body.string("chat_jid", FieldLimits.JID).orElse("");
            String sender = body.string("sender_jid", FieldLimits.JID).orElse("");
            if (chat.isBlank() || sender.isBlank()) {
                throw new BadRequestException("chat_jid and sender_jid are required");
            }
            String messageId = RequestFields.checked("message_id", ctx.pathParam("message_id"),
                    FieldLimits.MESSAGE_ID);
            messaging.markRead(me.deviceId(), chat, sender, messageId);
            Responses.ok(ctx, "Success mark message as read");
        });
        routes.post("/messages/{message_id}/reaction", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = requiredChat(body);
            SentMessage sent = actions.react(me.deviceId(), chat, messageId(ctx),
                    body.string("emoji", FieldLimits.OPTION).orElse(""), sender(body));
            Responses.ok(ctx, "Success react to message", Map.of("message_id", sent.messageId()));
        });
        routes.patch("/messages/{message_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = requiredChat(body);
            String text = body.string("text", FieldLimits.TEXT)
                    .or(() -> body.string("message", FieldLimits.TEXT)).orElse("");
            if (text.isBlank()) {
                throw new BadRequestException("text is required");
            }
            SentMessage sent = actions.edit(me.deviceId(), chat, messageId(ctx), text);
            Responses.ok(ctx, "Success edit message", Map.of("message_id", sent.messageId()));
        });
        routes.delete("/messages/{message_id}", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.lenient(ctx); // parse errors ignored (api.md §2.3)
            String chat = requiredChat(body);
            actions.revoke(me.deviceId(), chat, messageId(ctx), sender(body));
            Responses.ok(ctx, "Success delete message");
        });
        routes.post("/messages/{message_id}/reply", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = body.string("chat_jid", FieldLimits.JID).orElse("");
            String text = body.string("text", FieldLimits.TEXT).orElse("");
            if (chat.isBlank() || text.isBlank()) {
                throw new BadRequestException("text and chat_jid are required");
            }
            SentMessage sent = actions.reply(me.deviceId(), chat, messageId(ctx), text,
                    body.formSwitch("typing_simulation"), body.formSwitch("presence_simulation"));
            Responses.ok(ctx, "Success reply to message", Map.of("message_id", sent.messageId()));
        });
    }

    private static String requiredChat(RequestFields body) {
        String chat = body.string("chat_jid", FieldLimits.JID).orElse("");
        if (chat.isBlank()) {
            throw new BadRequestException("chat_jid is required");
        }
        return chat;
    }

    /** The message's author when the body names it ({@code sender_jid}); blank counts as absent. */
    private static Optional<String> sender(RequestFields body) {
        return body.string("sender_jid", FieldLimits.JID).filter(sender -> !sender.isBlank());
    }

    private static String messageId(Context ctx) {
        String id = RequestFields.checked("message_id", ctx.pathParam("message_id"), FieldLimits.MESSAGE_ID);
        if (id.isBlank()) {
            throw new BadRequestException("message_id is required");
        }
        return id.strip();
    }
}
