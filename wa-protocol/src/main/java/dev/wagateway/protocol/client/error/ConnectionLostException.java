package dev.wagateway.protocol.client.error;

/** The connection ended while a request waited for its answer. */
public final class ConnectionLostException extends WaClientException {

    /** @param reason why the connection ended */
    public ConnectionLostException(String reason) {
        super("connection lost: " + reason);
    }

    /** @param reason why the connection ended; {@code cause} the underlying failure */
    public ConnectionLostException(String reason, Throwable cause) {
        super("connection lost: " + reason, cause);
    }

    @Override
    public Delivery delivery() {
        return Delivery.UNKNOWN;
    }
}
