package dev.wagateway.core.error;

/** WhatsApp refused or failed the operation (nack, timeout, unregistered number); the message says which. */
public final class WhatsAppFailureException extends GatewayException {

    /** @param message what WhatsApp answered, for the caller */
    public WhatsAppFailureException(String message) {
        super(message);
    }

    /** @param message what failed, for the caller; {@code cause} for the log */
    public WhatsAppFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
