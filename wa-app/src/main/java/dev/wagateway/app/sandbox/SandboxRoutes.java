package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.sandbox.SandboxControl;
import dev.wagateway.sandbox.SandboxException;
import dev.wagateway.sandbox.SandboxServer;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * In sandbox mode, the sandbox's control API (architecture, "The sandbox contract") served by the gateway itself
 * under {@code /sandbox/*}, behind the admin secret, answering in the gateway's envelope like every other route:
 * the control answer is its {@code data}, a sandbox refusal its error.
 */
public final class SandboxRoutes implements RouteGroup {

    private static final String PHONE = "/sandbox/phones/{phone}";
    private static final int QR_TEXT = 1024;
    private static final int CODE = 16;
    private static final int NAME = 255;

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
        add(routes, "GET", "/sandbox/info", "Sandbox websocket URL, root key and media URL", ctx ->
                answer(ctx, 200, "Sandbox information", sandbox::info));
        add(routes, "GET", "/sandbox/stats", "Sandbox connections and memory", ctx ->
                answer(ctx, 200, "Sandbox statistics", sandbox::stats));
        add(routes, "POST", "/sandbox/phones", "Create a simulated phone", ctx -> {
            RequestFields body = body(ctx);
            String phone = body.string("phone", FieldLimits.PHONE).orElse(null);
            String name = body.string("name", NAME).orElse(null);
            answer(ctx, 201, "Phone created", () -> {
                String jid = control.createPhone(phone, name);
                return Map.of("phone", phone, "jid", jid);
            });
        });
        add(routes, "GET", PHONE, "A phone's linked devices", ctx -> answer(ctx, 200, "Linked devices", () ->
                Map.of("phone", phone(ctx), "devices", control.devices(phone(ctx)))));
        add(routes, "POST", PHONE + "/link", "The phone scans a QR", ctx -> {
            String qr = body(ctx).string("qr", QR_TEXT).orElse(null);
            answer(ctx, 200, "QR code scanned", () -> {
                control.linkQr(phone(ctx), qr);
                return Map.of("linked", true);
            });
        });
        add(routes, "POST", PHONE + "/link-code", "The phone enters a pairing code", ctx -> {
            String code = body(ctx).string("code", CODE).orElse(null);
            answer(ctx, 200, "Pairing code entered", () -> {
                control.linkCode(phone(ctx), code);
                return Map.of("accepted", true);
            });
        });
        add(routes, "POST", PHONE + "/messages", "The phone sends a text", ctx -> {
            RequestFields body = body(ctx);
            String to = body.string("to", FieldLimits.JID).orElse(null);
            String text = body.string("text", FieldLimits.TEXT).orElse(null);
            answer(ctx, 200, "Message sent", () -> Map.of("id", control.phoneSendText(phone(ctx), to, text)));
        });
        add(routes, "GET", PHONE + "/messages", "What the phone received", ctx ->
                answer(ctx, 200, "Messages received", () -> control.phoneMessages(phone(ctx))));
        add(routes, "POST", "/sandbox/faults", "Inject a fault", ctx -> {
            RequestFields body = body(ctx);
            answer(ctx, 200, "Fault applied", () -> fault(body));
        });
    }

    private void add(RouteRegistry routes, String method, String path, String summary, Handler handler) {
        routes.add(new RouteSpec(0, method, path, AuthScheme.ADMIN, "Sandbox", summary, ""), ctx -> {
            auth.requireAdmin(ctx);
            handler.handle(ctx);
        });
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
