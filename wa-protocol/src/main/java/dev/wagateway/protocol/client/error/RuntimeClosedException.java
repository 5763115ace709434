package dev.wagateway.protocol.client.error;

/** The {@link dev.wagateway.protocol.client.WaClientRuntime} the client uses was closed: nothing can be scheduled or connected any more. */
public final class RuntimeClosedException extends WaClientException {

    /** With the standard message. */
    public RuntimeClosedException() {
        super("the client runtime is closed");
    }

    @Override
    public Delivery delivery() {
        return Delivery.NOT_SENT;
    }
}
