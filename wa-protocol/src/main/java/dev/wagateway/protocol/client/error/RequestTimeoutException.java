package dev.wagateway.protocol.client.error;

/** The server did not answer a request within the configured timeout. */
public final class RequestTimeoutException extends WaClientException {

    /** @param id the request or message id */
    public RequestTimeoutException(String id) {
        super("no answer to " + id + " in time");
    }

    @Override
    public Delivery delivery() {
        return Delivery.UNKNOWN;
    }
}
