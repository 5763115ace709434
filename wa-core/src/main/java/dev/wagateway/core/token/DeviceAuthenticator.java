package dev.wagateway.core.token;

import dev.wagateway.core.error.UnauthorizedException;

import java.util.Objects;

/**
 * Authenticates a device token: signature (through the {@link TokenIssuer}), then the version and the owning key's
 * state from the {@link TokenVersionCache}. No database read on the hot path.
 */
public final class DeviceAuthenticator {

    /** The token's version is not the device's current one. */
    public static final String REVOKED = "Token has been revoked. Please regenerate a new token.";

    private final TokenIssuer issuer;
    private final TokenVersionCache versions;
    private final VerifiedTokens verified = new VerifiedTokens();

    /** @param issuer verifies signatures; @param versions current versions and key states */
    public DeviceAuthenticator(TokenIssuer issuer, TokenVersionCache versions) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    /**
     * The device {@code token} speaks for.
     *
     * @throws UnauthorizedException with the contract's message: invalid token, device not found, revoked, key
     *                               inactive
     */
    public AuthenticatedDevice authenticate(String token) {
        DeviceClaims claims = verified.get(token).orElse(null);
        if (claims == null) {
            claims = issuer.verify(token);
            verified.put(token, claims);
        }
        TokenVersionCache.DeviceTokenState state = versions.device(claims.deviceId())
                .orElseThrow(() -> new UnauthorizedException("Device not found"));
        if (state.jwtVersion() != claims.version()) {
            throw new UnauthorizedException(REVOKED);
        }
        if (!versions.keyActive(state.apiKeyId())) {
            throw new UnauthorizedException("API key is inactive");
        }
        return new AuthenticatedDevice(claims.deviceId(), state.apiKeyId());
    }
}
