package dev.wagateway.core.error;

/**
 * WhatsApp refused or failed the operation (nack, timeout, unregistered number); the message says which. Whether
 * WhatsApp may still have done it is kept: a send that timed out may have been delivered, one that was refused was
 * not.
 */
public final class WhatsAppFailureException extends GatewayException {

    private final boolean mayHaveHappened;

    /** @param message what WhatsApp answered, for the caller; the operation surely did not happen */
    public WhatsAppFailureException(String message) {
        super(message);
        this.mayHaveHappened = false;
    }

    /** @param message what failed, for the caller; {@code cause} for the log; the operation surely did not happen */
    public WhatsAppFailureException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param message         what failed, for the caller
     * @param cause           for the log
     * @param mayHaveHappened true when no answer came, so WhatsApp may have done it after all
     */
    public WhatsAppFailureException(String message, Throwable cause, boolean mayHaveHappened) {
        super(message, cause);
        this.mayHaveHappened = mayHaveHappened;
    }

    /** True when no answer came (a timeout, a lost connection): WhatsApp may have done it after all. */
    public boolean mayHaveHappened() {
        return mayHaveHappened;
    }
}
