package dev.wagateway.core.error;

/** The request itself is wrong: a missing or malformed field, an invalid phone number, a limit reached. */
public final class InvalidRequestException extends GatewayException {

    /** @param message what is wrong, for the caller */
    public InvalidRequestException(String message) {
        super(message);
    }
}
