package dev.wagateway.core.token;

import dev.wagateway.core.error.UnauthorizedException;

/** Port: signs and verifies device tokens (the REST adapter implements it with HS256 JWTs). */
public interface TokenIssuer {

    /** A signed token carrying {@code claims}. */
    String issue(DeviceClaims claims);

    /**
     * The claims of a token whose signature is valid.
     *
     * @throws UnauthorizedException {@code Invalid or expired token} for a bad signature, a malformed token, a
     *                               future {@code nbf} or another algorithm
     */
    DeviceClaims verify(String token);
}
