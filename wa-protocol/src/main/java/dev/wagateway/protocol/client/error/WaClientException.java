package dev.wagateway.protocol.client.error;

/**
 * Why a request of a {@link dev.wagateway.protocol.client.WaClient} failed. A closed family: the futures the client returns fail with one of
 * these (possibly wrapped in a {@link java.util.concurrent.CompletionException}).
 */
public sealed abstract class WaClientException extends RuntimeException
        permits NotConnectedException, RequestTimeoutException, IqErrorException, MessageRejectedException,
        ConnectionLostException, RuntimeClosedException {

    /**
     * What became of the request whose failure this is, as far as this device can know. A gateway marks a message
     * failed only when it surely was not sent or was refused, and keeps it pending when it may have been delivered.
     */
    public enum Delivery {
        /** Nothing went out: no connection, not logged in, a closed runtime, or a step before the send failed. */
        NOT_SENT,
        /** The server answered with a refusal: nothing was done. */
        REFUSED,
        /** No answer came (timeout, connection lost): the server may have done it. */
        UNKNOWN
    }

    WaClientException(String message) {
        super(message);
    }

    WaClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What became of the request. */
    public abstract Delivery delivery();
}
