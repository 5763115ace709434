package dev.wagateway.core.session;

import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.error.IqErrorException;
import dev.wagateway.protocol.client.error.MessageRejectedException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.WaClientException;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way use cases reach a device's WhatsApp session: it checks that the device is logged in and connected,
 * waits a bounded time for the answer, and maps the protocol's failures to the contract's errors (a refused request
 * and one that may have happened stay distinguishable). No other class of the core waits on a device.
 */
public final class DeviceCalls {

    /** Finds a device's client, logged in and connected, or fails with the contract's reason. */
    @FunctionalInterface
    public interface ConnectedClients {
        /** @throws SessionUnavailableException when the device has no usable session */
        WaClient connectedClient(UUID deviceId);
    }

    private final ConnectedClients clients;
    private final CallsInFlight inFlight;
    private final Duration timeout;

    /**
     * Calls nothing drains (a manager's own tests, tools).
     *
     * @param clients where the devices' clients are
     * @param timeout how long a call waits for WhatsApp's answer unless it names its own
     */
    public DeviceCalls(ConnectedClients clients, Duration timeout) {
        this(clients, new CallsInFlight(), timeout);
    }

    /**
     * @param clients  where the devices' clients are
     * @param inFlight where calls under way are counted, for a session's drain before a hand-over
     * @param timeout  how long a call waits for WhatsApp's answer unless it names its own
     */
    public DeviceCalls(ConnectedClients clients, CallsInFlight inFlight, Duration timeout) {
        this.clients = clients;
        this.inFlight = inFlight;
        this.timeout = timeout;
    }

    /** The same calls (same clients, same drain) with another default wait. */
    public DeviceCalls withTimeout(Duration wait) {
        return new DeviceCalls(clients, inFlight, wait);
    }

    /** The default wait for WhatsApp's answer. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The device's client, logged in and connected, for a caller that must read it (its JID) before calling.
     *
     * @throws SessionUnavailableException with the contract's reason otherwise
     */
    public WaClient client(UUID deviceId) {
        return clients.connectedClient(deviceId);
    }

    /**
     * Runs {@code request} on the device's client and waits for its answer.
     *
     * @param what what is being done, as the error message starts: {@code "failed to " + what + ": …"}
     * @throws GatewayException the device is unavailable, WhatsApp refused, or no answer came in time
     */
    public <T> T call(UUID deviceId, String what, Function<WaClient, CompletableFuture<T>> request) {
        return call(deviceId, what, timeout, request);
    }

    /** {@link #call(UUID, String, Function)} with its own wait. */
    public <T> T call(UUID deviceId, String what, Duration wait, Function<WaClient, CompletableFuture<T>> request) {
        // counted before the client is looked up: a drain starting now waits for the answer rather than cut it
        try (CallsInFlight.Entry entry = inFlight.enter(deviceId)) {
            WaClient client = client(deviceId);
            CompletableFuture<T> answer;
            try {
                answer = request.apply(client);
            } catch (RuntimeException e) {
                throw failure(what, e);
            }
            return await(answer, what, wait);
        }
    }

    /**
     * Runs a fire-and-forget {@code action} (a presence, a receipt) on the device's client.
     *
     * @throws GatewayException the device is unavailable, or the action was refused before anything was sent
     */
    public void send(UUID deviceId, String what, Consumer<WaClient> action) {
        try (CallsInFlight.Entry entry = inFlight.enter(deviceId)) {
            WaClient client = client(deviceId);
            try {
                action.accept(client);
            } catch (RuntimeException e) {
                throw failure(what, e);
            }
        }
    }

    /**
     * Waits up to {@code wait} for an answer the caller already asked a client for (a login's pairing code, a
     * logout).
     *
     * @throws GatewayException WhatsApp refused, or no answer came in time
     */
    public <T> T await(CompletableFuture<T> answer, String what, Duration wait) {
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw new WhatsAppFailureException("failed to " + what + ": no answer from WhatsApp within "
                    + wait.toSeconds() + " s", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("failed to " + what + ": interrupted", e, true);
        }
    }

    /** The contract's error for a failed request. */
    public static GatewayException failure(String what, Throwable error) {
        Throwable root = Causes.root(error);
        if (root instanceof GatewayException gateway) {
            return gateway;
        }
        String message = "failed to " + what + ": " + root.getMessage();
        if (root instanceof IllegalArgumentException) {
            return new InvalidRequestException(message);
        }
        if (root instanceof NotConnectedException) {
            return new WhatsAppFailureException(message, root, false);
        }
        if (root instanceof IqErrorException refused) {
            return switch (refused.code()) {
                case 404 -> new NotFoundException(message);
                case 400, 406 -> new InvalidRequestException(message);
                default -> new WhatsAppFailureException(message, root, false);
            };
        }
        if (root instanceof MessageRejectedException rejected) {
            // refused by WhatsApp: it surely did not go out, and the reason is worth saying plainly
            return new WhatsAppFailureException("failed to " + what + ": WhatsApp refused it (" + rejected.code()
                    + MessageRejectedException.explanation(rejected.code()).map(e -> ": " + e).orElse("") + ")",
                    root, false);
        }
        if (root instanceof WaClientException client) {
            return new WhatsAppFailureException(message, root, client.delivery() == WaClientException.Delivery.UNKNOWN);
        }
        // anything else is a defect on our side, after which WhatsApp's state is unknown
        return new WhatsAppFailureException(message, root, true);
    }
}
