package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.ConnectionLostException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.binary.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one send-and-wait path of a client (its {@link ServerChannel}): stanzas go out on whatever connection is
 * current, IQs get an id and wait in the correlator, and a message whose connection dropped before its ack is sent
 * once more after the next login (the receiver drops the duplicate by id).
 */
public final class ConnectionChannel implements ServerChannel {

    private static final Logger log = LoggerFactory.getLogger(ConnectionChannel.class);

    private final Supplier<NoiseSocket> currentSocket;
    private final IqCorrelator correlator;
    private final Duration requestTimeout;
    private final BooleanSupplier running;
    private final Supplier<CompletableFuture<Void>> nextLogin;
    private final String idPrefix;
    private final AtomicLong idCounter = new AtomicLong();

    /**
     * @param currentSocket the client's connection, {@code null} between connections
     * @param running       whether the client means to reconnect
     * @param nextLogin     completes at the client's next (or current) login
     */
    public ConnectionChannel(Supplier<NoiseSocket> currentSocket, IqCorrelator correlator, Duration requestTimeout,
                      BooleanSupplier running, Supplier<CompletableFuture<Void>> nextLogin, SecureRandom random) {
        this.currentSocket = currentSocket;
        this.correlator = correlator;
        this.requestTimeout = requestTimeout;
        this.running = running;
        this.nextLogin = nextLogin;
        this.idPrefix = random.nextInt(65536) + "." + random.nextInt(65536) + "-";
    }

    @Override
    public CompletableFuture<Node> query(Node iq, Duration timeout) {
        NoiseSocket current = currentSocket.get();
        if (current == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("no connection"));
        }
        String id = iq.attribute("id").orElseGet(() -> idPrefix + idCounter.incrementAndGet());
        Node withId = iq.attribute("id").isPresent() ? iq : iq.toBuilder().attribute("id", id).build();
        return sendExpecting(current, withId, id, timeout);
    }

    @Override
    public CompletableFuture<Node> query(Node iq) {
        return query(iq, requestTimeout);
    }

    @Override
    public void send(Node node) throws IOException {
        NoiseSocket current = currentSocket.get();
        if (current == null) {
            throw new IOException("no connection");
        }
        current.send(node);
    }

    @Override
    public void sendQuietly(Node node) {
        try {
            send(node);
        } catch (IOException e) {
            log.debug("could not send <{}>: {}", node.tag(), e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Node> sendMessage(Node message) {
        String id = message.attribute("id").orElseThrow();
        return sendOnce(message, id).exceptionallyCompose(error -> {
            if (!(Causes.root(error) instanceof ConnectionLostException) || !running.getAsBoolean()) {
                return CompletableFuture.failedFuture(error);
            }
            return nextLogin.get().orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(ignored -> sendOnce(message, id));
        });
    }

    private CompletableFuture<Node> sendOnce(Node message, String id) {
        NoiseSocket current = currentSocket.get();
        if (current == null) {
            return CompletableFuture.failedFuture(new ConnectionLostException("no connection"));
        }
        return sendExpecting(current, message, id, requestTimeout);
    }

    /** Sends {@code stanza} and waits for the answer keyed {@code id}; a failed write fails the wait at once. */
    private CompletableFuture<Node> sendExpecting(NoiseSocket current, Node stanza, String id, Duration timeout) {
        CompletableFuture<Node> answer = correlator.expect(id, timeout);
        try {
            current.send(stanza);
        } catch (IOException e) {
            correlator.abandon(id, new ConnectionLostException(e.getMessage(), e));
        }
        return answer;
    }
}
