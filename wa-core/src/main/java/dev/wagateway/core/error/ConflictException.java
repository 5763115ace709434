package dev.wagateway.core.error;

/**
 * The request is valid but the resource's state does not allow it now: redelivering a delivery that is still
 * pending, or while webhook delivery is switched off. Only routes beyond the original's table answer it (api.md
 * §2.2: no README flow needs a 409).
 */
public final class ConflictException extends GatewayException {

    /** @param message what stands in the way, for the caller */
    public ConflictException(String message) {
        super(message);
    }
}
