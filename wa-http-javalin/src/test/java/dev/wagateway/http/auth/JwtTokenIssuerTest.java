package dev.wagateway.http.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.token.DeviceClaims;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokenIssuerTest {

    private static final String SECRET = "a-test-jwt-secret-of-at-least-32-chars";
    private final JwtTokenIssuer issuer = new JwtTokenIssuer(SECRET);
    private final UUID device = UUID.randomUUID();

    @Test
    void tokensCarryTheContractsClaimsAndVerify() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        String token = issuer.issue(new DeviceClaims(device, 7, "", 3, now));
        var decoded = JWT.decode(token);
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getClaim("device_id").asString()).isEqualTo(device.toString());
        assertThat(decoded.getClaim("api_key_id").asLong()).isEqualTo(7);
        assertThat(decoded.getClaim("version").asInt()).isEqualTo(3);
        assertThat(decoded.getClaim("jid").isMissing()).isTrue();
        assertThat(decoded.getSubject()).isEqualTo(device.toString());
        assertThat(decoded.getExpiresAt()).isNull();
        assertThat(issuer.verify(token)).isEqualTo(new DeviceClaims(device, 7, "", 3, now));
        assertThat(issuer.verify(issuer.issue(new DeviceClaims(device, 7, "1555:3@s.whatsapp.net", 4, now))).jid())
                .isEqualTo("1555:3@s.whatsapp.net");
    }

    @Test
    void otherKeysAlgorithmsAndShapesAreRefused() {
        String foreign = new JwtTokenIssuer("another-secret-of-at-least-32-characters")
                .issue(new DeviceClaims(device, 1, "", 1, Instant.now()));
        String hs512 = JWT.create().withClaim("device_id", device.toString()).withClaim("api_key_id", 1)
                .withClaim("version", 1).sign(Algorithm.HMAC512(SECRET.getBytes(StandardCharsets.UTF_8)));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"device_id\":\"" + device + "\",\"api_key_id\":1,\"version\":1}").getBytes()) + ".";
        String noVersion = JWT.create().withClaim("device_id", device.toString()).withClaim("api_key_id", 1)
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        String badId = JWT.create().withClaim("device_id", "nope").withClaim("api_key_id", 1).withClaim("version", 1)
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        String future = JWT.create().withClaim("device_id", device.toString()).withClaim("api_key_id", 1)
                .withClaim("version", 1).withNotBefore(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
        for (String token : new String[]{foreign, hs512, none, noVersion, badId, future, "garbage", ""}) {
            assertThatThrownBy(() -> issuer.verify(token)).as(token).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("Invalid or expired token");
        }
    }

    @Test
    void tokenRegenerationIsLimitedPerAddressAndMinute() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        TokenRateLimiter limiter = new TokenRateLimiter(10, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        }
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
        TokenRateLimiter nextMinute = new TokenRateLimiter(10, Clock.offset(clock, java.time.Duration.ofMinutes(1)));
        assertThat(nextMinute.tryAcquire("10.0.0.1")).isTrue();
    }
}
