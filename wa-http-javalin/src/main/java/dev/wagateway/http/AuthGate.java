package dev.wagateway.http;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyService;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.core.token.DeviceAuthenticator;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.node.NodeLink;
import io.javalin.http.Context;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The authentication of every route (contract §3): the admin secret compared in constant time, the API key through
 * its hash, the bearer token through its signature and the in-memory version cache (no database read).
 */
public final class AuthGate {

    private final byte[] adminSecret;
    private final ApiKeyService apiKeys;
    private final DeviceAuthenticator devices;
    private final NodeLink nodes;

    /** Wires the checks of a lone node. */
    public AuthGate(String adminSecret, ApiKeyService apiKeys, DeviceAuthenticator devices) {
        this(adminSecret, apiKeys, devices, NodeLink.LONE);
    }

    /** Wires the checks; a device's request is served on the node holding it ({@code nodes}). */
    public AuthGate(String adminSecret, ApiKeyService apiKeys, DeviceAuthenticator devices, NodeLink nodes) {
        this.adminSecret = adminSecret.getBytes(StandardCharsets.UTF_8);
        this.apiKeys = apiKeys;
        this.devices = devices;
        this.nodes = nodes;
    }

    /** How requests reach the node holding their device. */
    public NodeLink nodes() {
        return nodes;
    }

    /** Passes when {@code X-Admin-Secret} is right; throws {@link UnauthorizedException} otherwise. */
    public void requireAdmin(Context ctx) {
        String given = ctx.header("X-Admin-Secret");
        if (given == null || given.isEmpty()) {
            throw new UnauthorizedException("Missing X-Admin-Secret header");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminSecret)) {
            throw new UnauthorizedException("Invalid admin secret");
        }
    }

    /** The active API key of {@code X-API-Key}. */
    public ApiKey requireApiKey(Context ctx) {
        String key = ctx.header("X-API-Key");
        if (key == null || key.isBlank()) {
            throw new UnauthorizedException("Missing X-API-Key header");
        }
        return apiKeys.authenticate(key.strip());
    }

    /** The device of the bearer token. */
    public AuthenticatedDevice requireDevice(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedException("Missing Authorization header");
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("bearer")) {
            throw new UnauthorizedException("Invalid Authorization header format. Use: Bearer <token>");
        }
        String token = authorization.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new UnauthorizedException("Missing token");
        }
        AuthenticatedDevice device = devices.authenticate(token);
        MDC.put("device_id", device.deviceId().toString()); // the request's log lines name its device
        nodes.requireServedHere(ctx, device.deviceId()); // or forwarded to its node, or 503 during a hand-over
        return device;
    }

    /** The refusal for this request under {@code scheme}, or empty when it may proceed. */
    public Optional<Envelope> refusal(Context ctx, AuthScheme scheme) {
        try {
            switch (scheme) {
                case NONE -> {
                }
                case ADMIN -> requireAdmin(ctx);
                case API_KEY -> requireApiKey(ctx);
                case JWT -> requireDevice(ctx);
            }
            return Optional.empty();
        } catch (UnauthorizedException e) {
            return Optional.of(Envelope.failure(401, e.getMessage()));
        }
    }
}
