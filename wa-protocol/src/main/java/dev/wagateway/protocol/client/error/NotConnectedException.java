package dev.wagateway.protocol.client.error;

/** The client is not in the state the request needs (not logged in, not waiting for pairing, stopped). */
public final class NotConnectedException extends WaClientException {

    /** @param message what was needed */
    public NotConnectedException(String message) {
        super(message);
    }

    @Override
    public Delivery delivery() {
        return Delivery.NOT_SENT;
    }
}
