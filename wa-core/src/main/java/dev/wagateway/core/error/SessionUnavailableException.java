package dev.wagateway.core.error;

/**
 * The device has no WhatsApp session able to do this now: no client, not connected, never paired. The message is
 * the contract's wording ({@code WhatsApp Client is not Connected}, ...).
 */
public final class SessionUnavailableException extends GatewayException {

    /** No client in memory for the device. */
    public static final String NO_CLIENT = "WhatsApp Client is not Valid";
    /** The client is not connected. */
    public static final String NOT_CONNECTED = "WhatsApp Client is not Connected";
    /** The client is connected but not logged in. */
    public static final String NOT_LOGGED_IN = "WhatsApp Client is not Logged In";
    /** The device was never paired. */
    public static final String NEVER_PAIRED = "WhatsApp Client Store ID is Empty, Please Re-Login and Scan QR Code Again";

    /** @param message one of the constants above */
    public SessionUnavailableException(String message) {
        super(message);
    }
}
