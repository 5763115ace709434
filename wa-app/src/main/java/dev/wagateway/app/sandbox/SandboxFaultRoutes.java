package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.wagateway.app.sandbox.SandboxRouteKit.answer;
import static dev.wagateway.app.sandbox.SandboxRouteKit.body;
import static dev.wagateway.http.catalog.Schemas.bool;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.oneOf;
import static dev.wagateway.http.catalog.Schemas.optional;
import static dev.wagateway.http.catalog.Schemas.string;

/**
 * In sandbox mode, the sandbox's faults served by the gateway under {@code /sandbox/faults}, behind the admin secret:
 * dropped connections, stream errors, held or lost acks, silent pings, refused logins, identity changes, withheld
 * keys, expired media.
 */
public final class SandboxFaultRoutes implements RouteGroup {

    private static final int CODE = 16;
    private static final int NAME = 255;

    private final SandboxControl control;
    private final AuthGate auth;

    public SandboxFaultRoutes(SandboxControl control, AuthGate auth) {
        this.control = control;
        this.auth = auth;
    }

    @Override
    public void register(RouteRegistry routes) {
        SandboxRouteKit.add(routes, auth, "POST", "/sandbox/faults", "Inject a fault",
                answer(200, "Fault applied", object("applied", string("drop"),
                        "device", optional(string("6281234567890:1@s.whatsapp.net")))),
                body(object("type", oneOf("drop", "stream_error", "delay_acks", "drop_acks", "mute_pings",
                                "ignore_acks", "slow_pings", "refuse_login", "identity_change", "keys_unavailable",
                                "expire_media", "forget_sent_media"),
                        "device", optional(string("6281234567890:1@s.whatsapp.net", "the device, for the "
                                + "connection faults; expire_media (the media host loses every file) and "
                                + "forget_sent_media (phones delete what they sent) take none; refuse_login takes "
                                + "reason (a <failure> code from 400 to 599, 0 ends the fault), message, and for 402 "
                                + "code and expire (seconds); slow_pings takes ms (0 ends it); keys_unavailable takes "
                                + "any device, a phone as <phone>@s.whatsapp.net (its pre-keys gone, a pre-key fetch "
                                + "answered with a per-device error until it uploads keys; unavailable=false ends "
                                + "it)")),
                        "phone", optional(string("6281234567890", "identity_change: the phone that registers "
                                + "again with a new identity")),
                        "code", optional(string("515", "stream_error: 515, 401 or conflict; refuse_login with "
                                + "reason 402: the ban code")),
                        "reason", optional(integer(415)),
                        "message", optional(string("account not found", "refuse_login: the failure's message")),
                        "expire", optional(integer(3600)), "millis", optional(integer(2000)),
                        "ms", optional(integer(12000)),
                        "count", optional(integer(1)), "muted", optional(bool(true)),
                        "ignored", optional(bool(true)), "unavailable", optional(bool(true))), Map.of("type", "drop",
                        "device", "6281234567890:1@s.whatsapp.net")), ctx -> {
                    RequestFields body = body(ctx);
                    answer(ctx, 200, "Fault applied", () -> fault(body));
                });
    }

    private static int banCode(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SandboxException(400, "code must be a number");
        }
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
            case "slow_pings" -> control.slowPings(device, Duration.ofMillis(Math.max(0,
                    body.integer("ms").orElse(0))));
            case "refuse_login" -> control.refuseLogins(device, body.integer("reason").orElse(0),
                    body.string("message", NAME).orElse(""),
                    body.string("code", CODE).map(SandboxFaultRoutes::banCode).orElse(0),
                    Math.max(0, body.integer("expire").orElse(0)));
            case "identity_change" -> control.identityChange(body.string("phone", CODE).orElse(null));
            case "keys_unavailable" -> control.keysUnavailable(device, body.bool("unavailable").orElse(true));
            case "expire_media" -> control.expireMedia();
            case "forget_sent_media" -> control.forgetSentMedia();
            default -> throw new SandboxException(400, "type must be drop, stream_error, delay_acks, drop_acks, "
                    + "mute_pings, ignore_acks, slow_pings, refuse_login, identity_change, keys_unavailable, "
                    + "expire_media or forget_sent_media");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("applied", type);
        if (device != null) {
            result.put("device", device);
        }
        return result;
    }
}
