package dev.wagateway.http.routes;

import dev.wagateway.core.chat.ChatSettingsService;
import dev.wagateway.core.chat.ChatSummary;
import dev.wagateway.core.message.ChatPage;
import dev.wagateway.core.message.ChatPageRequest;
import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.message.StoredMessage;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.ChatSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chat (api.md rows 32–37): sending text and reading the stored messages (media sends are {@link MediaRoutes}),
 * archiving and pinning through app state; beyond the table (issue 16) the chat list and one chat with their
 * settings and newest message, and §6.3's mute, mark-read and delete chat (app-state patches too).
 */
public final class ChatRoutes implements RouteGroup {

    private final AuthGate auth;
    private final MessagingService messaging;
    private final ChatSettingsService chats;

    /** Wires the routes. */
    public ChatRoutes(AuthGate auth, MessagingService messaging, ChatSettingsService chats) {
        this.auth = auth;
        this.messaging = messaging;
        this.chats = chats;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/chats/{chat_jid}/messages", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            String chat = chat(ctx);
            if (chat.isBlank()) {
                throw new BadRequestException("chat_jid is required");
            }
            // Checked here, before anything is sent: a text the store would refuse must never reach the phone.
            String text = body.string("text", FieldLimits.TEXT).orElse("");
            if (text.isBlank()) {
                throw new BadRequestException("text is required");
            }
            SentMessage sent = messaging.sendText(me.deviceId(), chat, text, body.formSwitch("typing_simulation"),
                    body.formSwitch("presence_simulation"));
            Responses.ok(ctx, "Success send message", MediaRoutes.sent(sent));
        });
        routes.get("/chats/{chat_jid}/messages", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            int limit = limit(ctx.queryParam("limit"));
            ChatPageRequest request = new ChatPageRequest(limit, cursor(ctx, "before"), cursor(ctx, "after"));
            ChatPage page = messaging.chat(me.deviceId(), chat(ctx), request);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("chat_jid", page.chat());
            data.put("limit", limit);
            data.put("before", request.before().orElse(""));
            data.put("after", request.after().orElse(""));
            data.put("messages", page.messages().stream().map(ChatRoutes::item).toList());
            Responses.ok(ctx, "Success get chat messages", data);
        });
        routes.post("/chats/{chat_jid}/archive", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            chats.archive(me.deviceId(), chat(ctx), body.bool("archive").orElse(false));
            Responses.ok(ctx, "Success archive chat");
        });
        routes.post("/chats/{chat_jid}/pin", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            RequestFields body = RequestFields.require(ctx, "Failed parse body request");
            chats.pin(me.deviceId(), chat(ctx), body.bool("pin").orElse(false));
            Responses.ok(ctx, "Success pin chat");
        });
        routes.add(new RouteSpec(0, "POST", "/chats/{chat_jid}/mute", AuthScheme.JWT, "Chats",
                "Mute or unmute a chat on every device of the account", "app state"),
                ChatSchemas.shape("POST /chats/{chat_jid}/mute"), ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    RequestFields body = RequestFields.require(ctx, "Failed parse body request");
                    boolean muted = body.bool("muted").orElse(false);
                    chats.muteChat(me.deviceId(), chat(ctx), muted, body.integer("duration").orElse(0));
                    Responses.ok(ctx, "Success mute chat"); // one message for both, as the document names one
                });
        routes.add(new RouteSpec(0, "POST", "/chats/{chat_jid}/mark-read", AuthScheme.JWT, "Chats",
                "Mark a chat read or unread on every device of the account", "app state"),
                ChatSchemas.shape("POST /chats/{chat_jid}/mark-read"), ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    RequestFields body = RequestFields.require(ctx, "Failed parse body request");
                    boolean read = body.bool("read").orElse(true);
                    Optional<Instant> last = body.integer("last_message_ts").filter(ts -> ts > 0)
                            .map(Instant::ofEpochSecond);
                    chats.markRead(me.deviceId(), chat(ctx), read, last);
                    Responses.ok(ctx, "Success mark chat read"); // read or unread: the route's one message
                });
        routes.add(new RouteSpec(0, "DELETE", "/chats/{chat_jid}", AuthScheme.JWT, "Chats",
                "Delete a chat from the chat list of every device of the account", "app state"),
                ChatSchemas.shape("DELETE /chats/{chat_jid}"), ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    // the body is optional on a DELETE: none means delete_media false
                    RequestFields body = ctx.bodyAsBytes().length == 0 ? RequestFields.lenient(ctx)
                            : RequestFields.require(ctx, "Failed parse body request");
                    chats.deleteChat(me.deviceId(), chat(ctx), body.bool("delete_media").orElse(false));
                    Responses.ok(ctx, "Success delete chat");
                });
        routes.add(new RouteSpec(0, "GET", "/chats", AuthScheme.JWT, "Chats",
                "List chats with their settings and newest message", "stored chats"),
                ChatSchemas.shape("GET /chats"), ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    int limit = number(ctx.queryParam("limit"), ChatSettingsService.DEFAULT_PAGE, "limit");
                    int offset = number(ctx.queryParam("offset"), 0, "offset");
                    List<ChatSummary> page = chats.list(me.deviceId(), limit, offset);
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("limit", limit);
                    data.put("offset", offset);
                    data.put("chats", page.stream().map(ChatRoutes::summary).toList());
                    Responses.ok(ctx, "Success get chats", data);
                });
        routes.add(new RouteSpec(0, "GET", "/chats/{chat_jid}", AuthScheme.JWT, "Chats",
                "Get a chat with its settings and newest message", "stored chats"),
                ChatSchemas.shape("GET /chats/{chat_jid}"), ctx -> {
                    AuthenticatedDevice me = auth.requireDevice(ctx);
                    Responses.ok(ctx, "Success get chat", summary(chats.chat(me.deviceId(), chat(ctx))));
                });
    }

    private static int number(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number");
        }
    }

    /** A chat with its settings and newest message. */
    private static Map<String, Object> summary(ChatSummary chat) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("chat_jid", chat.chat());
        item.put("archived", chat.archived());
        item.put("pinned", chat.pinned());
        item.put("muted", chat.muted());
        item.put("muted_until", chat.mutedUntil().map(Times::seconds).orElse(null));
        item.put("unread", chat.markedUnread());
        item.put("last_message_time", chat.lastMessage().map(m -> m.timestamp().getEpochSecond()).orElse(null));
        item.put("last_message", chat.lastMessage().map(m -> {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("message_id", m.messageId());
            last.put("from", m.sender());
            last.put("timestamp", m.timestamp().getEpochSecond());
            last.put("is_from_me", m.fromMe());
            last.put("type", m.type());
            last.put("text", m.text());
            return last;
        }).orElse(null));
        return item;
    }

    private static String chat(Context ctx) {
        return RequestFields.checked("chat_jid", ctx.pathParam("chat_jid"), FieldLimits.JID);
    }

    private static Optional<String> cursor(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name))
                .map(value -> RequestFields.checked(name, value, FieldLimits.MESSAGE_ID));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return ChatPageRequest.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= ChatPageRequest.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequestException("limit must be a number between 1 and " + ChatPageRequest.MAX_LIMIT);
    }

    /** An item of the list (api.md decision 13). */
    private static Map<String, Object> item(StoredMessage message) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("message_id", message.messageId());
        item.put("from", message.sender());
        item.put("chat", message.chat());
        item.put("timestamp", message.timestamp().getEpochSecond());
        item.put("is_from_me", message.fromMe());
        item.put("type", message.type());
        item.put("text", message.text().orElse(""));
        message.caption().ifPresent(caption -> item.put("caption", caption));
        message.media().ifPresent(media -> {
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("mimetype", media.mimeType());
            attachment.put("file_length", media.fileLength());
            media.fileName().ifPresent(name -> attachment.put("file_name", name));
            item.put("media", attachment);
        });
        message.quotedMessageId().ifPresent(id -> item.put("quoted_message_id", id));
        if (!message.pushName().isEmpty()) {
            item.put("push_name", message.pushName());
        }
        if (message.fromHistory()) {
            item.put("from_history", true);
        }
        item.put("status", message.status().wireName());
        return item;
    }
}
