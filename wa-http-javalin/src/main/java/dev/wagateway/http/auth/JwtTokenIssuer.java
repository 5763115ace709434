package dev.wagateway.http.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.token.DeviceClaims;
import dev.wagateway.core.token.TokenIssuer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Device tokens as HS256 JWTs keyed with the UTF-8 bytes of {@code JWT_SECRET_KEY} (api.md §3.3): claims
 * {@code device_id, api_key_id, jid (omitted when empty), version, sub, iat, nbf}, no expiry. Only HS256 verifies.
 */
public final class JwtTokenIssuer implements TokenIssuer {

    private static final String INVALID = "Invalid or expired token";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    /** @param secret the JWT secret; the configuration refuses secrets shorter than 32 characters */
    public JwtTokenIssuer(String secret) {
        this.algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        this.verifier = JWT.require(algorithm).build();
    }

    @Override
    public String issue(DeviceClaims claims) {
        var builder = JWT.create().withClaim("device_id", claims.deviceId().toString())
                .withClaim("api_key_id", claims.apiKeyId()).withClaim("version", claims.version())
                .withSubject(claims.deviceId().toString()).withIssuedAt(claims.issuedAt())
                .withNotBefore(claims.issuedAt());
        if (!claims.jid().isEmpty()) {
            builder.withClaim("jid", claims.jid());
        }
        return builder.sign(algorithm);
    }

    @Override
    public DeviceClaims verify(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            throw new UnauthorizedException(INVALID);
        }
        try {
            UUID deviceId = UUID.fromString(jwt.getClaim("device_id").asString());
            Claim apiKey = jwt.getClaim("api_key_id");
            Claim version = jwt.getClaim("version");
            if (apiKey.isMissing() || version.isMissing() || apiKey.asLong() == null || version.asInt() == null) {
                throw new UnauthorizedException(INVALID);
            }
            Instant issued = jwt.getIssuedAtAsInstant() != null ? jwt.getIssuedAtAsInstant() : Instant.EPOCH;
            String jid = jwt.getClaim("jid").isMissing() ? "" : jwt.getClaim("jid").asString();
            return new DeviceClaims(deviceId, apiKey.asLong(), jid, version.asInt(), issued);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new UnauthorizedException(INVALID);
        }
    }
}
