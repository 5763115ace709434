package dev.wagateway.http.routes;

import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;

/**
 * Actions on one message, the chat named in the body (api.md rows 38–42): read receipts; reactions, edits, revokes
 * and quoted replies answer 501 until they are built.
 */
public final class MessageRoutes implements RouteGroup {

    private final AuthGate auth;
    private final MessagingService messaging;

    /** Wires the routes. */
    public MessageRoutes(AuthGate auth, MessagingService messaging) {
        this.auth = auth;
        this.messaging = messaging;
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
        routes.notImplemented("POST", "/messages/{message_id}/reaction");
        routes.notImplemented("PATCH", "/messages/{message_id}");
        routes.notImplemented("DELETE", "/messages/{message_id}");
        routes.notImplemented("POST", "/messages/{message_id}/reply");
    }
}
