package dev.wagateway.http.routes;

import dev.wagateway.core.address.NumberCheck;
import dev.wagateway.core.address.PhoneNumber;
import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.device.CreatedDevice;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceService;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.pacing.QueueDepth;
import dev.wagateway.core.pacing.SendPacer;
import dev.wagateway.core.session.DeviceReconnect;
import dev.wagateway.core.session.LiveStatus;
import dev.wagateway.core.session.LoginStart;
import dev.wagateway.core.session.SessionManager;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.auth.TokenRateLimiter;
import dev.wagateway.http.login.LoginPage;
import dev.wagateway.http.login.PairCodes;
import dev.wagateway.http.login.QrPng;
import dev.wagateway.http.login.QrViewTickets;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Device creation, tokens and the device's own operations (api.md rows 14–22), and the login page's QR poll. */
public final class DeviceRoutes implements RouteGroup {

    private static final String CREATED_NOTE = "Device created successfully. Save the device_secret securely - it's"
            + " needed to regenerate tokens. Use the token in Authorization header for all API calls.";

    private final AuthGate auth;
    private final DeviceService devices;
    private final SessionManager sessions;
    private final SendPacer pacer;
    private final DeviceReconnect reconnects;
    private final NumberCheck numbers;
    private final TokenRateLimiter tokenLimiter;
    private final QrViewTickets tickets;

    /** Wires the routes. */
    public DeviceRoutes(AuthGate auth, DeviceService devices, SessionManager sessions, DeviceReconnect reconnects,
                        NumberCheck numbers, TokenRateLimiter tokenLimiter, QrViewTickets tickets, SendPacer pacer) {
        this.pacer = pacer;
        this.auth = auth;
        this.devices = devices;
        this.sessions = sessions;
        this.reconnects = reconnects;
        this.numbers = numbers;
        this.tokenLimiter = tokenLimiter;
        this.tickets = tickets;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/devices", this::create);
        routes.post("/devices/token", this::regenerateToken);
        routes.get("/devices/me", ctx -> {
            Device device = devices.get(auth.requireDevice(ctx).deviceId());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("device_id", device.id().toString());
            data.put("device_name", device.name());
            data.put("whatsmeow_jid", device.whatsAppJid().orElse(""));
            data.put("status", device.status().wireName());
            data.put("created_at", Times.rfc3339(device.createdAt()));
            data.put("last_active", device.lastActiveAt().map(Times::rfc3339).orElse(null));
            Responses.ok(ctx, "Success get device details", data);
        });
        routes.get("/devices/me/status", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            String stored;
            try {
                stored = devices.get(me.deviceId()).status().wireName();
            } catch (RuntimeException e) {
                stored = "unknown"; // this route never fails (api.md row 17)
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("db_status", stored);
            data.putAll(liveFlags(sessions.liveStatus(me.deviceId())));
            QueueDepth queue = pacer.depth(me.deviceId());
            Map<String, Object> sendQueue = new LinkedHashMap<>();
            sendQueue.put("depth", queue.depth());
            sendQueue.put("capacity", queue.capacity());
            sendQueue.put("accepted", queue.accepted());
            sendQueue.put("paced", queue.paced());
            data.put("send_queue", sendQueue);
            Responses.ok(ctx, "Device status", data);
        });
        routes.post("/devices/me/login", this::login);
        routes.get("/devices/me/login/qr", this::currentQr);
        routes.post("/devices/me/login-code", this::loginCode);
        routes.post("/devices/me/reconnect", ctx -> {
            reconnects.reconnect(auth.requireDevice(ctx).deviceId());
            Responses.ok(ctx, "Success reconnect device");
        });
        routes.delete("/devices/me/session", ctx -> {
            sessions.logout(auth.requireDevice(ctx).deviceId());
            Responses.ok(ctx, "Success logout device");
        });
        routes.get("/devices/me/contacts/{phone}/registered", ctx -> {
            AuthenticatedDevice me = auth.requireDevice(ctx);
            Optional<String> jid = numbers.registeredJid(me.deviceId(), ctx.pathParam("phone"));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("IsRegistered", jid.isPresent());
            data.put("JID", jid.orElse(""));
            data.put("is_registered", jid.isPresent());
            data.put("jid", jid.orElse(""));
            Responses.ok(ctx, "Success check registered phone", data);
        });
    }

    private void create(Context ctx) {
        ApiKey key = auth.requireApiKey(ctx);
        RequestFields body = RequestFields.lenient(ctx);
        CreatedDevice created = devices.create(key, body.string("device_name", FieldLimits.DEVICE_NAME).orElse(""));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("device_id", created.device().id().toString());
        data.put("device_secret", created.plaintextSecret());
        data.put("device_name", created.device().name());
        data.put("token", created.token());
        data.put("message", CREATED_NOTE);
        // The README shows these at the top level; the envelope keeps them in data as well (api.md §2.1).
        Map<String, Object> answer = envelope(201, "Device created successfully", data);
        answer.put("device_id", data.get("device_id"));
        answer.put("device_secret", data.get("device_secret"));
        answer.put("device_name", data.get("device_name"));
        answer.put("token", data.get("token"));
        ctx.status(201).json(answer);
    }

    private void regenerateToken(Context ctx) {
        if (!tokenLimiter.tryAcquire(ctx.ip())) {
            ctx.status(429).json(Envelope.failure(429, "Too many requests"));
            return;
        }
        RequestFields body = RequestFields.require(ctx, "Invalid request body");
        String deviceId = body.string("device_id", FieldLimits.DEVICE_ID).orElse("");
        String secret = body.string("device_secret", FieldLimits.DEVICE_SECRET).orElse("");
        if (deviceId.isBlank() || secret.isBlank()) {
            throw new InvalidRequestException("device_id and device_secret are required");
        }
        String token = devices.regenerateToken(deviceId, secret);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("device_id", deviceId.strip());
        data.put("token", token);
        data.put("message", "Token regenerated successfully. All previous tokens are now invalid.");
        Map<String, Object> answer = envelope(200, "Token regenerated successfully", data);
        answer.put("device_id", deviceId.strip());
        answer.put("token", token);
        ctx.status(200).json(answer);
    }

    private void login(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        String output = RequestFields.lenient(ctx).string("output", FieldLimits.OPTION).orElse("html").strip();
        boolean json = output.equalsIgnoreCase("json");
        switch (sessions.startQrLogin(me.deviceId())) {
            case LoginStart.AlreadyPaired ignored -> Responses.ok(ctx, "WhatsApp Client is Reconnected");
            case LoginStart.Qr qr -> {
                if (json) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    String image = QrPng.dataUri(qr.text());
                    data.put("QRCode", image);
                    data.put("Timeout", qr.expiresIn().toSeconds());
                    data.put("qr", qr.text());
                    data.put("qr_code", image);
                    data.put("timeout", qr.expiresIn().toSeconds());
                    Responses.ok(ctx, "Success Generate QR Code", data);
                } else {
                    ctx.status(200).contentType("text/html; charset=utf-8")
                            .result(LoginPage.render(QrPng.dataUri(qr.text()), qr.expiresIn().toSeconds(),
                                    tickets.issue(me.deviceId())));
                }
            }
            case LoginStart.PairingCode ignored -> throw new IllegalStateException("a QR login answered with a code");
        }
    }

    private void loginCode(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        RequestFields body = RequestFields.require(ctx, "Failed parse body request");
        String phone = body.string("phone", FieldLimits.PHONE).filter(p -> !p.isBlank())
                .orElseThrow(() -> new BadRequestException("Phone is required"));
        switch (sessions.startCodeLogin(me.deviceId(), PhoneNumber.parse(phone).digits())) {
            case LoginStart.PairingCode code -> {
                String shown = PairCodes.display(code.code());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("PairCode", shown);
                data.put("Timeout", code.expiresIn().toSeconds());
                data.put("pair_code", shown);
                data.put("timeout", code.expiresIn().toSeconds());
                Responses.ok(ctx, "Success Generate Pairing Code", data);
            }
            case LoginStart.AlreadyPaired ignored -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("PairCode", "WhatsApp Client is Reconnected");
                data.put("Timeout", 0);
                data.put("pair_code", "WhatsApp Client is Reconnected");
                data.put("timeout", 0);
                Responses.ok(ctx, "Success Generate Pairing Code", data);
            }
            case LoginStart.Qr ignored -> throw new IllegalStateException("a code login answered with a QR");
        }
    }

    /**
     * The login page's poll: the current QR image, or that the device is connected (no bearer token: a ticket,
     * which every node accepts; the poll is forwarded to the device's holder).
     */
    private void currentQr(Context ctx) {
        Optional<UUID> device = tickets.device(ctx.queryParam("ticket"));
        if (device.isEmpty()) {
            ctx.status(401).json(Envelope.failure(401, "Invalid or expired login ticket"));
            return;
        }
        // the QR is in the memory of the node running the login: the poll may reach any node behind a balancer
        auth.nodes().requireServedHere(ctx, device.get());
        LiveStatus live = sessions.liveStatus(device.get());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connected", live.healthy());
        sessions.currentQr(device.get()).ifPresent(qr -> {
            data.put("qr_code", QrPng.dataUri(qr.text()));
            data.put("timeout", qr.expiresIn().toSeconds());
        });
        Responses.ok(ctx, "Success", data);
    }

    /** The live flags of api.md row 17. */
    static Map<String, Object> liveFlags(LiveStatus live) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("client_loaded", live.clientLoaded());
        flags.put("connected", live.healthy());
        flags.put("is_connected", live.connected());
        flags.put("is_logged_in", live.loggedIn());
        flags.put("error", live.error());
        return flags;
    }

    private static Map<String, Object> envelope(int code, String message, Object data) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", true);
        answer.put("code", code);
        answer.put("message", message);
        answer.put("data", data);
        return answer;
    }
}
