package dev.wagateway.core.error;

/** The addressed resource does not exist, or belongs to someone else (which callers must not be able to tell). */
public final class NotFoundException extends GatewayException {

    /** @param message e.g. {@code Device not found} */
    public NotFoundException(String message) {
        super(message);
    }
}
