package dev.wagateway.http.catalog;

import java.util.List;
import java.util.Map;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.extend;
import static dev.wagateway.http.catalog.Schemas.file;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.number;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * The shapes of the media routes (api.md rows 34–35, §6.3, §6.4): multipart uploads, locations, contacts, polls,
 * and the download of a received file.
 */
public final class MediaSchemas {

    private static final String JID = "6281234567890@s.whatsapp.net";
    /** The optional list of recipient devices a send left out (fan-out isolation), shared by every send answer. */
    public static final Schemas.Optional SKIPPED_DEVICES = optional(array(string("15550001111:3@s.whatsapp.net",
            "a recipient device WhatsApp had no usable keys for: every other device got the message, this one gets "
                    + "it in the background once it has keys; absent when every device was reached")));
    private static final Map<String, Object> SIMULATION = object(
            "typing_simulation", optional(bool(true)), "presence_simulation", optional(bool(true)));

    private MediaSchemas() {
    }

    /**
     * What a send answers: the message id, the chat and the server's time, and (only when some were) the recipient
     * devices left out for lack of keys at WhatsApp, retried in the background (issue 22).
     */
    public static Map<String, Object> sent() {
        return object("message_id", string("3EB05BFCBA03CA27DF7B74"), "chat", string(JID),
                "timestamp", integer(1795560802), "skipped_devices", SKIPPED_DEVICES);
    }


    /** A multipart file upload answering {@code success}. */
    static OperationShape fileShape(Map<String, Object> body, Map<String, Object> example, String success) {
        return OperationShape.builder().body(body, example, true).multipartOnly()
                .envelope(200, success, sent())
                .error(400, "file is required, empty, of a type not allowed for this kind, or an image that cannot "
                        + "be decoded (truncated or corrupt)")
                .error(413, "the upload is larger than WHATSAPP_MEDIA_MAX_BYTES").build();
    }

    /** The shape of one of the media routes beyond the catalog ({@code "POST /chats/{chat_jid}/videos"}...). */
    public static OperationShape shape(String operation) {
        Map<String, Object> upload = extend(object("file", file("the file"),
                "caption", optional(string("Check this out!"))), SIMULATION);
        return switch (operation) {
            case "POST /chats/{chat_jid}/videos" -> fileShape(extend(upload,
                    object("view_once", optional(bool(false)))), Map.of("caption", "Check this out!"),
                    "Success send video");
            case "POST /chats/{chat_jid}/audio" -> fileShape(extend(object("file", file("the audio file")),
                    extend(object("voice_note", optional(bool(true)), "ptt", optional(bool(true))), SIMULATION)),
                    Map.of("voice_note", true), "Success send audio");
            case "POST /chats/{chat_jid}/stickers" -> fileShape(extend(object("file", file("a WebP image")),
                    SIMULATION), Map.of(), "Success send sticker");
            case "POST /chats/{chat_jid}/locations" -> OperationShape.builder()
                    .body(extend(object("latitude", number(-6.2), "longitude", number(106.8166),
                                    "name", optional(string("Monas")), "address", optional(string("Jakarta"))),
                            SIMULATION), Map.of("latitude", -6.2, "longitude", 106.8166, "name", "Monas"), true)
                    .envelope(200, "Success send location", sent()).build();
            case "POST /chats/{chat_jid}/contacts" -> OperationShape.builder()
                    .body(extend(object("name", string("Jane Doe"), "phone", string("6281234567890")), SIMULATION),
                            Map.of("name", "Jane Doe", "phone", "6281234567890"), true)
                    .envelope(200, "Success send contact", sent()).build();
            case "POST /chats/{chat_jid}/polls" -> OperationShape.builder()
                    .body(extend(object("question", string("Lunch?"), "options", array(string("Pizza")),
                                    "multi_answer", optional(bool(false))), SIMULATION),
                            Map.of("question", "Lunch?", "options", List.of("Pizza", "Sushi")), true)
                    .envelope(200, "Success send poll", sent()).build();
            case "POST /polls/{poll_id}/vote" -> OperationShape.builder()
                    .body(object("chat_jid", string(JID), "options", array(string("Pizza"))),
                            Map.of("chat_jid", JID, "options", List.of("Pizza")), true)
                    .envelope(200, "Success vote on poll", sent())
                    .error(400, "chat_jid or options missing, an option the poll does not have, an option named "
                            + "twice, or more options than the poll allows")
                    .error(404, "the device never created or received that poll in that chat (a vote is "
                            + "encrypted with the poll's secret)").build();
            case "GET /polls/{poll_id}/results" -> OperationShape.builder()
                    .envelope(200, "Poll results are delivered via webhook events", object(
                            "poll_id", string("3EB0A1B2C3D4E5F6"), "note", string("Subscribe to poll.vote webhook "
                                    + "events for live votes"),
                            "chat_jid", optional(string(JID, "when the device knows the poll")),
                            "question", optional(string("Lunch?")),
                            "voters", optional(integer(2)),
                            "options", optional(array(object("name", string("Pizza"), "votes", integer(1),
                                    "voters", array(string(JID))))))).build();
            case "DELETE /polls/{poll_id}" -> OperationShape.builder()
                    .body(object("chat_jid", string(JID)), Map.of("chat_jid", JID), false)
                    .envelope(200, "Success delete poll", null)
                    .error(400, "chat_jid missing or malformed, or the poll was not sent by this device")
                    .error(404, "the device never sent that poll").build();
            case "GET /messages/{message_id}/media" -> OperationShape.builder()
                    .raw(200, "application/octet-stream", "the decrypted file, with its detected Content-Type, "
                            + "Content-Length and file name (Content-Disposition)", Map.of("type", "string",
                            "format", "binary"))
                    .error(404, "the message has no media, or its download failed for good (tampered or corrupt, "
                            + "expired, too large, no media key): the reason is named").build();
            default -> throw new IllegalArgumentException("no media route " + operation);
        };
    }
}
