package dev.wagateway.core.error;

/** Credentials are missing, wrong, revoked or belong to an inactive key. */
public final class UnauthorizedException extends GatewayException {

    /** @param message the contract's wording, e.g. {@code Invalid device credentials} */
    public UnauthorizedException(String message) {
        super(message);
    }
}
