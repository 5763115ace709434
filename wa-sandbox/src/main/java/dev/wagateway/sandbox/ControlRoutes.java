package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The control API (architecture, "The sandbox contract"), as plain JSON: phones, linking, phone messages, faults.
 * Bad input answers 400 with {@code {"error": …}}, unknown phones or devices 404.
 */
public final class ControlRoutes {

    private final SandboxControl control;
    private final Supplier<Map<String, Object>> info;
    private final Function<Boolean, Map<String, Object>> stats;
    /** A reaction, an edit, a revoke, a forward or a reply: the phone acts on a message it knows. */
    private static boolean isAction(JsonNode body) {
        return body.hasNonNull("reaction") || body.hasNonNull("edit") || body.hasNonNull("revoke")
                || body.hasNonNull("forward") || body.hasNonNull("reply_to");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param info  what {@code GET /info} answers
     * @param stats what {@code GET /stats} answers (connections, memory), given whether to collect first
     *              ({@code ?gc=false}: no)
     */
    public ControlRoutes(SandboxControl control, Supplier<Map<String, Object>> info,
                         Function<Boolean, Map<String, Object>> stats) {
        this.control = control;
        this.info = info;
        this.stats = stats;
    }

    /** Registers the routes under {@code prefix} (e.g. {@code /sandbox}). */
    public void register(Javalin app, String prefix) {
        app.get(prefix + "/info", ctx -> ctx.json(info.get()));
        app.get(prefix + "/stats", ctx -> ctx.json(stats.apply(!"false".equals(ctx.queryParam("gc")))));
        app.post(prefix + "/phones", ctx -> {
            JsonNode body = body(ctx);
            String jid = control.createPhone(text(body, "phone"), text(body, "name"));
            ctx.status(201).json(Map.of("phone", text(body, "phone"), "jid", jid,
                    "lid", control.phoneLid(jid.substring(0, jid.indexOf('@')))));
        });
        app.get(prefix + "/phones/{phone}", ctx -> ctx.json(Map.of("phone", ctx.pathParam("phone"),
                "lid", control.phoneLid(ctx.pathParam("phone")), "devices", control.devices(ctx.pathParam("phone")))));
        app.post(prefix + "/phones/{phone}/link", ctx -> {
            control.linkQr(ctx.pathParam("phone"), text(body(ctx), "qr"));
            ctx.json(Map.of("linked", true));
        });
        app.post(prefix + "/phones/{phone}/link-code", ctx -> {
            control.linkCode(ctx.pathParam("phone"), text(body(ctx), "code"));
            ctx.json(Map.of("accepted", true));
        });
        app.post(prefix + "/phones/{phone}/messages", ctx -> {
            JsonNode body = body(ctx);
            String id = isAction(body)
                    ? control.phoneSend(ctx.pathParam("phone"), new PhoneSend(text(body, "to"), text(body, "text"),
                    target(body, "reaction", "emoji"), target(body, "edit", "text"), idOf(body, "revoke"),
                    text(body, "reply_to"), idOf(body, "forward")))
                    : control.phoneSend(ctx.pathParam("phone"), text(body, "to"), PhoneContent.parse(body));
            ctx.json(Map.of("id", id));
        });
        app.get(prefix + "/phones/{phone}/media/{id}", ctx -> {
            String phone = ctx.pathParam("phone");
            String id = ctx.pathParam("id");
            byte[] bytes = control.phoneMedia(phone, id);
            String mimetype = control.phoneMessages(phone).stream().filter(m -> m.id().equals(id) && m.media() != null)
                    .map(m -> m.media().mimetype()).filter(t -> t != null && !t.isEmpty()).findFirst()
                    .orElse("application/octet-stream");
            ctx.contentType(mimetype).result(bytes);
        });
        app.get(prefix + "/phones/{phone}/profile", ctx -> ctx.json(control.profile(ctx.pathParam("phone"))));
        app.patch(prefix + "/phones/{phone}/profile", ctx -> {
            JsonNode body = body(ctx);
            Map<String, String> privacy = null;
            JsonNode privacyNode = body.get("privacy");
            if (privacyNode != null && !privacyNode.isNull()) {
                if (!privacyNode.isObject()) {
                    throw new SandboxException(400, "privacy must be an object");
                }
                privacy = new LinkedHashMap<>();
                for (var it = privacyNode.fields(); it.hasNext(); ) {
                    var entry = it.next();
                    privacy.put(entry.getKey(), text(privacyNode, entry.getKey()));
                }
            }
            java.util.List<String> blocked = null;
            JsonNode blockedNode = body.get("blocked");
            if (blockedNode != null && !blockedNode.isNull()) {
                if (!blockedNode.isArray()) {
                    throw new SandboxException(400, "blocked must be an array");
                }
                blocked = new java.util.ArrayList<>();
                for (JsonNode user : blockedNode) {
                    blocked.add(user.asText());
                }
            }
            ctx.json(control.updateProfile(ctx.pathParam("phone"), new ProfileUpdate(text(body, "status"),
                    text(body, "picture"), privacy, blocked)));
        });
        app.get(prefix + "/phones/{phone}/messages", ctx -> ctx.json(control.phoneMessages(ctx.pathParam("phone"))));
        app.post(prefix + "/phones/{phone}/read", ctx -> {
            control.phoneRead(ctx.pathParam("phone"), text(body(ctx), "id"));
            ctx.json(Map.of("read", true));
        });
        app.post(prefix + "/phones/{phone}/played", ctx -> {
            control.phonePlayed(ctx.pathParam("phone"), text(body(ctx), "id"));
            ctx.json(Map.of("played", true));
        });
        app.post(prefix + "/phones/{phone}/presence", ctx -> {
            JsonNode body = body(ctx);
            ctx.json(control.phonePresence(ctx.pathParam("phone"), text(body, "state"), text(body, "to")));
        });
        app.get(prefix + "/phones/{phone}/presence", ctx -> ctx.json(control.phonePresenceView(ctx.pathParam("phone"))));
        app.post(prefix + "/faults", ctx -> ctx.json(fault(body(ctx))));
        app.exception(SandboxException.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
    }

    private Map<String, Object> fault(JsonNode body) {
        String type = text(body, "type");
        String device = text(body, "device");
        switch (type == null ? "" : type) {
            case "drop" -> control.dropConnection(device);
            case "stream_error" -> control.streamError(device, text(body, "code"));
            case "delay_acks" -> control.delayAcks(device, Duration.ofMillis(body.path("millis").asLong(0)));
            case "drop_acks" -> control.dropAcks(device, body.path("count").asInt(1));
            case "mute_pings" -> control.mutePings(device, body.path("muted").asBoolean(true));
            case "ignore_acks" -> control.ignoreAcks(device, body.path("ignored").asBoolean(true));
            case "slow_pings" -> control.slowPings(device, Duration.ofMillis(body.path("ms").asLong(0)));
            case "identity_change" -> control.identityChange(text(body, "phone"));
            case "refuse_login" -> control.refuseLogins(device, body.path("reason").asInt(0),
                    body.path("message").asText(""), body.path("code").asInt(0), body.path("expire").asLong(0));
            case "keys_unavailable" -> control.keysUnavailable(device, body.path("unavailable").asBoolean(true));
            case "expire_media" -> control.expireMedia();
            case "forget_sent_media" -> control.forgetSentMedia();
            case "unavailable" -> control.placeholders(device, body.path("count").asInt(1));
            default -> throw new SandboxException(400, "type must be drop, stream_error, delay_acks, drop_acks, "
                    + "mute_pings, ignore_acks, slow_pings, refuse_login, identity_change, keys_unavailable, "
                    + "expire_media, forget_sent_media or unavailable");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("applied", type);
        if (device != null) {
            result.put("device", device);
        }
        return result;
    }

    /** A {@code {id, <valueField>}} object of the body, null when absent; 400 when not an object. */
    private static PhoneSend.Target target(JsonNode body, String field, String valueField) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new SandboxException(400, field + " must be an object");
        }
        return new PhoneSend.Target(text(value, "id"), text(value, valueField));
    }

    /** The {@code id} of the body's {@code {id}} object {@code field}, null when absent. */
    private static String idOf(JsonNode body, String field) {
        PhoneSend.Target target = target(body, field, "id");
        return target == null ? null : target.id() == null ? "" : target.id();
    }

    /** The request body as a JSON object; 400 otherwise. Shared by the control routes of every resource. */
    static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new SandboxException(400, "body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new SandboxException(400, "body is not valid JSON");
        }
    }

    /** A string (or number) field, null when absent; 400 when of another type. */
    static String text(JsonNode body, String field) {
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
