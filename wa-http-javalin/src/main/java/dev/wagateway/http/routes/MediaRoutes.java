package dev.wagateway.http.routes;

import dev.wagateway.core.media.MediaKind;
import dev.wagateway.core.media.MediaService;
import dev.wagateway.core.media.ReceivedMediaService;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.MediaSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Media (api.md rows 34–35, §6.3): files sent from multipart uploads (image, document, video, audio, sticker),
 * locations and contact cards, each answering {@code {message_id, chat, timestamp}} once WhatsApp acknowledged
 * it; and {@code GET /messages/{message_id}/media}, the decrypted bytes of a received file.
 */
public final class MediaRoutes implements RouteGroup {

    private static final int CAPTION = 4096;
    private static final int FILE_NAME = 255;
    private static final int NAME = 1024;

    private final AuthGate auth;
    private final MediaService media;
    private final ReceivedMediaService received;
    private final Path tempDirectory;

    /** Wires the routes; an upload is copied into {@code tempDirectory} while its send runs. */
    public MediaRoutes(AuthGate auth, MediaService media, ReceivedMediaService received, Path tempDirectory) {
        this.auth = auth;
        this.media = media;
        this.received = received;
        this.tempDirectory = tempDirectory;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/chats/{chat_jid}/images", ctx -> sendFile(ctx, MediaKind.IMAGE, "Success send image"));
        routes.post("/chats/{chat_jid}/documents", ctx -> sendFile(ctx, MediaKind.DOCUMENT, "Success send document"));
        extra(routes, "POST", "/chats/{chat_jid}/videos", "Send video",
                ctx -> sendFile(ctx, MediaKind.VIDEO, "Success send video"));
        extra(routes, "POST", "/chats/{chat_jid}/audio", "Send audio or voice note",
                ctx -> sendFile(ctx, MediaKind.AUDIO, "Success send audio"));
        extra(routes, "POST", "/chats/{chat_jid}/stickers", "Send sticker",
                ctx -> sendFile(ctx, MediaKind.STICKER, "Success send sticker"));
        extra(routes, "POST", "/chats/{chat_jid}/locations", "Send location", this::sendLocation);
        extra(routes, "POST", "/chats/{chat_jid}/contacts", "Send contact", this::sendContact);
        extra(routes, "GET", "/messages/{message_id}/media", "Download received media", this::download);
    }

    private void extra(RouteRegistry routes, String method, String path, String summary,
                       io.javalin.http.Handler handler) {
        String tag = path.startsWith("/chats") ? "Chats" : "Messages";
        routes.add(new RouteSpec(0, method, path, AuthScheme.JWT, tag, summary, "media"),
                MediaSchemas.shape(method + " " + path), handler);
    }

    private void sendFile(Context ctx, MediaKind kind, String success) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String chat = chat(ctx);
        UploadedFile file = upload(ctx, kind);
        RequestFields fields = RequestFields.lenient(ctx);
        Optional<String> caption = fields.string("caption", CAPTION);
        Optional<String> fileName = fields.string("filename", FILE_NAME).filter(name -> !name.isBlank())
                .or(() -> Optional.ofNullable(file.filename()).filter(name -> !name.isBlank()))
                .map(MediaRoutes::baseName);
        boolean viewOnce = fields.formSwitch("view_once").orElse(false);
        boolean voiceNote = fields.formSwitch("voice_note").or(() -> fields.formSwitch("ptt")).orElse(false);
        Path copy = null;
        try {
            copy = Files.createTempFile(tempDirectory, "wa-send-", ".bin");
            try (InputStream in = file.content()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            SentMessage sent = media.sendFile(me.deviceId(), chat, new MediaService.OutgoingFile(kind, copy, fileName,
                    caption, viewOnce, voiceNote), fields.formSwitch("typing_simulation"),
                    fields.formSwitch("presence_simulation"));
            Responses.ok(ctx, success, sent(sent));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded file", e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // the temporary folder is cleaned by the system; nothing else refers to the copy
                }
            }
        }
    }

    private void sendLocation(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String chat = chat(ctx);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        double latitude = body.decimal("latitude").orElse(0.0);
        double longitude = body.decimal("longitude").orElse(0.0);
        SentMessage sent = media.sendLocation(me.deviceId(), chat, latitude, longitude,
                body.string("name", NAME).orElse(""), body.string("address", NAME).orElse(""),
                body.formSwitch("typing_simulation"), body.formSwitch("presence_simulation"));
        Responses.ok(ctx, "Success send location", sent(sent));
    }

    private void sendContact(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String chat = chat(ctx);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        SentMessage sent = media.sendContact(me.deviceId(), chat, body.string("name", NAME).orElse(""),
                body.string("phone", FieldLimits.PHONE).orElse(""), body.formSwitch("typing_simulation"),
                body.formSwitch("presence_simulation"));
        Responses.ok(ctx, "Success send contact", sent(sent));
    }

    private void download(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String messageId = RequestFields.checked("message_id", ctx.pathParam("message_id"), FieldLimits.MESSAGE_ID);
        ReceivedMediaService.StoredFile file = received.open(me.deviceId(), messageId);
        String name = file.entry().fileName().orElse(messageId + extension(file.entry().contentType()));
        ctx.disableCompression(); // the length announced is the file's
        ctx.status(200);
        ctx.contentType(file.entry().contentType());
        ctx.header("Content-Length", Long.toString(file.entry().size()));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[\"\\\\\\r\\n]", "_")
                + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.result(file.content());
    }

    private static UploadedFile upload(Context ctx, MediaKind kind) {
        UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // not multipart, or broken parts (Javalin passes the parser's IOException on)
            file = null;
        }
        if (file == null) {
            throw new BadRequestException(kind == MediaKind.STICKER ? "file is required (must be WebP format)"
                    : "file is required");
        }
        return file;
    }

    /** The {@code chat_jid} path parameter, checked. */
    static String chat(Context ctx) {
        String chat = RequestFields.checked("chat_jid", ctx.pathParam("chat_jid"), FieldLimits.JID);
        if (chat.isBlank()) {
            throw new BadRequestException("chat_jid is required");
        }
        return chat;
    }

    /** What a send answers: the message id, the chat and the server's time. */
    static Map<String, Object> sent(SentMessage sent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", sent.messageId());
        data.put("chat", sent.chat());
        data.put("timestamp", sent.timestamp().getEpochSecond());
        if (!sent.skippedDevices().isEmpty()) {
            data.put("skipped_devices", sent.skippedDevices()); // only then: the usual answer keeps its shape
        }
        return data;
    }

    /** The last segment of a client's file name (browsers may send a full path). */
    private static String baseName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return base.isEmpty() ? "file" : base;
    }

    private static String extension(String contentType) {
        return switch (MediaKind.baseType(contentType)) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "video/mp4" -> ".mp4";
            case "audio/ogg", "application/ogg" -> ".ogg";
            case "audio/mpeg" -> ".mp3";
            case "application/pdf" -> ".pdf";
            default -> ".bin";
        };
    }
}
