package dev.wagateway.protocol.client;

/**
 * Why a request of a {@link WaClient} failed. A closed family: the futures the client returns fail with one of
 * these (possibly wrapped in a {@link java.util.concurrent.CompletionException}).
 */
public sealed abstract class WaClientException extends RuntimeException
        permits NotConnectedException, RequestTimeoutException, IqErrorException, MessageRejectedException,
        ConnectionLostException, RuntimeClosedException {

    WaClientException(String message) {
        super(message);
    }

    WaClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
