package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.sandbox.PhoneContent;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxException;
import dev.wagateway.sandbox.SandboxServer;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.number;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * In sandbox mode, the sandbox's control API (architecture, "The sandbox contract") served by the gateway itself
 * under {@code /sandbox/*}, behind the admin secret, answering in the gateway's envelope like every other route:
 * the control answer is its {@code data}, a sandbox refusal its error.
 */
public final class SandboxRoutes implements RouteGroup {

    private static final String PHONE = "/sandbox/phones/{phone}";
    private static final String PHONE_EXAMPLE = "6281234567890";
    private static final String JID_EXAMPLE = "6281234567890@s.whatsapp.net";
    private static final int QR_TEXT = 1024;
    private static final int CODE = 16;
    private static final int NAME = 255;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxServer sandbox;
    private final SandboxControl control;
    private final AuthGate auth;

    public SandboxRoutes(SandboxServer sandbox, AuthGate auth) {
        this.sandbox = sandbox;
        this.control = sandbox.control();
        this.auth = auth;
    }

    @Override
    public void register(RouteRegistry routes) {
        add(routes, "GET", "/sandbox/info", "Sandbox websocket URL, root key and media URL",
                answer(200, "Sandbox information", object("ws_url", string("ws://127.0.0.1:41234/ws/chat"),
                        "root_key", string("3f1c…64 hex"), "media_url", string("https://127.0.0.1:41235/mms"),
                        "media_host", string("127.0.0.1:41235", "the media host, HTTPS only"),
                        "media_ca_pem", string("-----BEGIN CERTIFICATE-----\nMIIB…", "the media host's CA"))), null,
                ctx -> answer(ctx, 200, "Sandbox information", sandbox::info));
        add(routes, "GET", "/sandbox/stats", "Sandbox connections and memory (requests a full GC)",
                answer(200, "Sandbox statistics", object("connections", integer(2), "linked_devices", integer(2),
                        "online_devices", integer(1), "heap_used_bytes", integer(52_428_800),
                        "heap_max_bytes", integer(2_147_483_648L))), null,
                ctx -> answer(ctx, 200, "Sandbox statistics", sandbox::stats));
        add(routes, "POST", "/sandbox/phones", "Create a simulated phone",
                answer(201, "Phone created", object("phone", string(PHONE_EXAMPLE), "jid", string(JID_EXAMPLE))),
                body(object("phone", string(PHONE_EXAMPLE, "6 to 15 digits"), "name", optional(string("Acme phone"))),
                        Map.of("phone", PHONE_EXAMPLE, "name", "Acme phone")), ctx -> {
                    RequestFields body = body(ctx);
                    String phone = body.string("phone", FieldLimits.PHONE).orElse(null);
                    String name = body.string("name", NAME).orElse(null);
                    answer(ctx, 201, "Phone created", () -> {
                        String jid = control.createPhone(phone, name);
                        return ordered("phone", phone, "jid", jid);
                    });
                });
        add(routes, "GET", PHONE, "A phone's linked devices", answer(200, "Linked devices", object(
                        "phone", string(PHONE_EXAMPLE), "devices", array(object("jid", string("6281234567890:1@s.whatsapp.net"),
                                "lid", string("1234567890123:1@lid"), "online", bool(true), "queued", integer(0))))), null,
                ctx -> answer(ctx, 200, "Linked devices", () ->
                        ordered("phone", phone(ctx), "devices", control.devices(phone(ctx)))));
        add(routes, "POST", PHONE + "/link", "The phone scans a QR (its raw text)",
                answer(200, "QR code scanned", object("linked", bool(true))),
                body(object("qr", string("https://wa.me/settings/linked_devices#2@…,…,…,…,1")),
                        Map.of("qr", "https://wa.me/settings/linked_devices#2@…,…,…,…,1")), ctx -> {
                    String qr = body(ctx).string("qr", QR_TEXT).orElse(null);
                    answer(ctx, 200, "QR code scanned", () -> {
                        control.linkQr(phone(ctx), qr);
                        return Map.of("linked", true);
                    });
                });
        add(routes, "POST", PHONE + "/link-code", "The phone enters a pairing code (ABCD-EFGH or ABCDEFGH)",
                answer(200, "Pairing code entered", object("accepted", bool(true))),
                body(object("code", string("ABCD-EFGH")), Map.of("code", "ABCD-EFGH")), ctx -> {
                    String code = body(ctx).string("code", CODE).orElse(null);
                    answer(ctx, 200, "Pairing code entered", () -> {
                        control.linkCode(phone(ctx), code);
                        return Map.of("accepted", true);
                    });
                });
        add(routes, "POST", PHONE + "/messages", "The phone sends a text, a file (base64), a location or a contact",
                answer(200, "Message sent", object("id", string("3EB0C767D0D1A2B3C4D5"))),
                body(object("to", string(PHONE_EXAMPLE, "a phone number or user JID"),
                                "text", optional(string("Hi back")),
                                "image", optional(string("/9j/4AAQ…", "base64; likewise video, audio, document, "
                                        + "sticker")),
                                "mimetype", optional(string("image/jpeg")), "caption", optional(string("a photo")),
                                "filename", optional(string("report.pdf")), "ptt", optional(bool(false)),
                                "location", optional(object("latitude", number(-6.2), "longitude", number(106.8),
                                        "name", optional(string("Monas")))),
                                "contact", optional(object("name", string("Jane"), "phone", string(PHONE_EXAMPLE)))),
                        Map.of("to", PHONE_EXAMPLE, "text", "Hi back")), ctx -> {
                    JsonNode body = json(ctx);
                    String to = body.path("to").isTextual() ? RequestFields.checked("to", body.get("to").asText(),
                            FieldLimits.JID) : null;
                    answer(ctx, 200, "Message sent", () -> Map.of("id",
                            control.phoneSend(phone(ctx), to, PhoneContent.parse(body))));
                });
        add(routes, "GET", PHONE + "/media/{id}", "The decrypted bytes of a file the phone received",
                OperationShape.builder().raw(200, "application/octet-stream", "the decrypted file",
                        Map.of("type", "string", "format", "binary")), null, ctx -> {
                    String id = RequestFields.checked("id", ctx.pathParam("id"), FieldLimits.MESSAGE_ID);
                    try {
                        byte[] bytes = control.phoneMedia(phone(ctx), id);
                        ctx.contentType("application/octet-stream").result(bytes);
                    } catch (SandboxException e) {
                        int code = e.status() >= 400 && e.status() < 600 ? e.status() : 500;
                        ctx.status(code).json(Envelope.failure(code, e.getMessage()));
                    }
                });
        add(routes, "GET", PHONE + "/messages", "What the phone received, decrypted, oldest first",
                answer(200, "Messages received", array(object("id", string("3EB05BFCBA03CA27DF7B74"),
                        "from", string("6281234567890:1@s.whatsapp.net"), "chat", string(JID_EXAMPLE),
                        "type", string("text"), "text", string("Hello from WhatsApp API!"),
                        "timestamp", integer(1795560802), "caption", Map.of("type", List.of("string", "null"), "example", "a photo",
                                "description", "null when the kind has none"),
                        "media", optional(object("mimetype", string("image/jpeg"), "size", integer(48213),
                                "sha256", string("9f86d0…64 hex", "of the decrypted bytes"),
                                "filename", optional(string("report.pdf")),
                                "error", optional(string("why the download or a check failed")))),
                        "location", optional(object("latitude", number(-6.2), "longitude", number(106.8),
                                "name", optional(string("Monas")))),
                        "contact", optional(object("name", string("Jane"), "phone", string(PHONE_EXAMPLE),
                                "vcard", string("BEGIN:VCARD…"))),
                        "poll", optional(object("name", string("Lunch?"), "options", array(string("Pizza")),
                                "selectable", integer(1)))))), null,
                ctx -> answer(ctx, 200, "Messages received", () -> control.phoneMessages(phone(ctx))));
        add(routes, "POST", "/sandbox/faults", "Inject a fault",
                answer(200, "Fault applied", object("applied", string("drop"),
                        "device", string("6281234567890:1@s.whatsapp.net"))),
                body(object("type", oneOf("drop", "stream_error", "delay_acks", "drop_acks", "mute_pings",
                                "ignore_acks"), "device", string("6281234567890:1@s.whatsapp.net"),
                        "code", optional(oneOf("515", "401", "conflict")), "millis", optional(integer(2000)),
                        "count", optional(integer(1)), "muted", optional(bool(true)),
                        "ignored", optional(bool(true))), Map.of("type", "drop",
                        "device", "6281234567890:1@s.whatsapp.net")), ctx -> {
                    RequestFields body = body(ctx);
                    answer(ctx, 200, "Fault applied", () -> fault(body));
                });
    }

    /** Documents and registers one route; every one needs the admin secret. */
    private void add(RouteRegistry routes, String method, String path, String summary,
                     OperationShape.Builder answer, Map<String, Object>[] body, Handler handler) {
        if (body != null) {
            answer.body(body[0], body[1], true);
        }
        routes.add(new RouteSpec(0, method, path, AuthScheme.ADMIN, "Sandbox", summary, ""), answer.build(), ctx -> {
            auth.requireAdmin(ctx);
            handler.handle(ctx);
        });
    }

    private static OperationShape.Builder answer(int status, String message, Map<String, Object> data) {
        return OperationShape.builder().envelope(status, message, data);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] body(Map<String, Object> schema, Map<String, Object> example) {
        return new Map[]{schema, example};
    }

    private Object fault(RequestFields body) {
        String type = body.string("type", NAME).orElse("");
        String device = body.string("device", FieldLimits.JID).orElse(null);
        switch (type) {
            case "drop" -> control.dropConnection(device);
            case "stream_error" -> control.streamError(device, body.string("code", CODE).orElse(null));
            case "delay_acks" -> control.delayAcks(device, Duration.ofMillis(Math.max(0,
                    body.integer("millis").orElse(0))));
            case "drop_acks" -> control.dropAcks(device, Math.max(0, body.integer("count").orElse(1)));
            case "mute_pings" -> control.mutePings(device, body.bool("muted").orElse(true));
            case "ignore_acks" -> control.ignoreAcks(device, body.bool("ignored").orElse(true));
            default -> throw new SandboxException(400,
                    "type must be drop, stream_error, delay_acks, drop_acks, mute_pings or ignore_acks");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("applied", type);
        result.put("device", device);
        return result;
    }

    /** A map that keeps its keys in the order given, so answers read the same every time. */
    private static Map<String, Object> ordered(String firstKey, Object firstValue, String secondKey,
                                               Object secondValue) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(firstKey, firstValue);
        map.put(secondKey, secondValue);
        return map;
    }

    /** The body as JSON (files come base64-encoded in it), refused with 400 when it is not a JSON object. */
    private static JsonNode json(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.bodyAsBytes());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (java.io.IOException e) {
            // refused below
        }
        throw new dev.wagateway.http.request.BadRequestException("body must be a JSON object");
    }

    private static RequestFields body(Context ctx) {
        return RequestFields.require(ctx, "body must be a JSON object");
    }

    private static String phone(Context ctx) {
        return RequestFields.checked("phone", ctx.pathParam("phone"), FieldLimits.PHONE);
    }

    private static void answer(Context ctx, int status, String message, Supplier<Object> work) {
        try {
            Object data = work.get();
            ctx.status(status).json(Envelope.success(status, message, data));
        } catch (SandboxException e) {
            int code = e.status() >= 400 && e.status() < 600 ? e.status() : 500;
            ctx.status(code).json(Envelope.failure(code, e.getMessage()));
        }
    }
}
