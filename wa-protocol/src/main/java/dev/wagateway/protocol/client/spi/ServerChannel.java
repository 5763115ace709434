package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.binary.Node;

import dev.wagateway.protocol.client.error.ConnectionLostException;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RequestTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a feature talks to the server: over whatever connection is current, with one send-and-wait path for IQs and
 * messages (answers matched by id, each with a timeout).
 */
public interface ServerChannel {

    /**
     * Sends an IQ (an {@code id} is added when it has none) and returns the answer; fails with
     * {@link IqErrorException}, {@link RequestTimeoutException}, {@link ConnectionLostException} or
     * {@link NotConnectedException}.
     */
    CompletableFuture<Node> query(Node iq, Duration timeout);

    /** {@link #query(Node, Duration)} with the configured request timeout. */
    CompletableFuture<Node> query(Node iq);

    /** Sends a node on the current socket. */
    void send(Node node) throws IOException;

    /** Sends a node on the current socket if there is one; failures are only logged. */
    void sendQuietly(Node node);

    /**
     * Sends a {@code <message>} and returns the server's {@code <ack class="message">}. A connection lost before the
     * ack makes the same stanza go out once more after the next login.
     */
    CompletableFuture<Node> sendMessage(Node message);
}
