package dev.wagateway.core.fake;

import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.token.DeviceClaims;
import dev.wagateway.core.token.TokenIssuer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A token issuer for the core's unit tests: the claims as text, signed with HMAC-SHA256 under a key of its own (the
 * REST adapter's JWT issuer is tested with the HTTP layer).
 */
public final class HmacTokenIssuer implements TokenIssuer {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key = "core-unit-test-signing-key".getBytes(StandardCharsets.UTF_8);

    @Override
    public String issue(DeviceClaims claims) {
        String body = ENCODER.encodeToString(String.join("|", claims.deviceId().toString(),
                Long.toString(claims.apiKeyId()), claims.jid(), Integer.toString(claims.version()),
                Long.toString(claims.issuedAt().getEpochSecond())).getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    @Override
    public DeviceClaims verify(String token) {
        int dot = token.lastIndexOf('.');
        if (dot < 0 || !MessageDigest.isEqual(sign(token.substring(0, dot)),
                Base64.getUrlDecoder().decode(token.substring(dot + 1)))) {
            throw new UnauthorizedException("Invalid or expired token");
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8)
                .split("\\|", -1);
        return new DeviceClaims(UUID.fromString(parts[0]), Long.parseLong(parts[1]), parts[2],
                Integer.parseInt(parts[3]), Instant.ofEpochSecond(Long.parseLong(parts[4])));
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
