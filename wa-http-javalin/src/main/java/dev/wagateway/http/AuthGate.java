package dev.wagateway.http;

import dev.wagateway.http.catalog.AuthScheme;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The first check of every authenticated route (contract §3): the admin secret compared in constant time, and the
 * presence and shape of the API key or bearer token. Verifying keys and tokens against the gateway core joins here
 * when the core lands; until then the routes behind them answer 501 anyway.
 */
public final class AuthGate {

    private final byte[] adminSecret;

    public AuthGate(String adminSecret) {
        this.adminSecret = adminSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The refusal for this request under {@code scheme}, or empty when it may proceed. */
    public Optional<Envelope> refusal(Context ctx, AuthScheme scheme) {
        return switch (scheme) {
            case NONE -> Optional.empty();
            case ADMIN -> {
                String given = ctx.header("X-Admin-Secret");
                if (given == null || given.isEmpty()) {
                    yield Optional.of(Envelope.failure(401, "Missing X-Admin-Secret header"));
                }
                yield MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminSecret)
                        ? Optional.empty() : Optional.of(Envelope.failure(401, "Invalid admin secret"));
            }
            case API_KEY -> {
                String key = ctx.header("X-API-Key");
                yield key == null || key.isBlank()
                        ? Optional.of(Envelope.failure(401, "Missing X-API-Key header")) : Optional.empty();
            }
            case JWT -> {
                String authorization = ctx.header("Authorization");
                if (authorization == null || authorization.isBlank()) {
                    yield Optional.of(Envelope.failure(401, "Missing Authorization header"));
                }
                yield authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7
                        ? Optional.empty() : Optional.of(Envelope.failure(401, "Invalid or expired token"));
            }
        };
    }
}
