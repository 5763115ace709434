package dev.wagateway.core.session;

import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One attempt to connect and log in a paired device's client ({@link WaClient#connectOnce()}), watched through the
 * client's events. Whatever the outcome, the client is left either logged in or stopped: never retrying on its own,
 * so the caller's schedule (or the recovery job) decides what happens next.
 *
 * <p>Owner of its listener: added by {@link #start}, removed by {@link #await}.
 */
final class ConnectAttempt implements WaEventListener {

    private final WaClient client;
    private final DeviceCalls calls;
    private final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();

    private ConnectAttempt(WaClient client, DeviceCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /** Starts an attempt on {@code client} (a no-op attempt that is already over when it is logged in). */
    static ConnectAttempt start(WaClient client, DeviceCalls calls) {
        ConnectAttempt attempt = new ConnectAttempt(client, calls);
        if (client.state() == ClientState.CONNECTED) {
            attempt.outcome.complete(new AttemptOutcome.Connected());
            return attempt;
        }
        client.addListener(attempt);
        client.connectOnce();
        return attempt;
    }

    /**
     * Waits up to {@code timeout} for the outcome; an attempt still running then is stopped and counts as failed.
     */
    AttemptOutcome await(Duration timeout) {
        AttemptOutcome result;
        try {
            result = calls.await(outcome, "log in", timeout);
        } catch (WhatsAppFailureException e) {
            result = new AttemptOutcome.Failed(e.mayHaveHappened() ? "no login within " + timeout.toSeconds() + " s"
                    : e.getMessage());
        } finally {
            client.removeListener(this);
        }
        if (!(result instanceof AttemptOutcome.Connected)) {
            client.disconnect(); // a client that was already running its own retries stops too
        }
        return result;
    }

    @Override
    public CompletionStage<Void> onEvent(WaEvent event) {
        switch (event) {
            case WaEvent.Connected connected -> outcome.complete(new AttemptOutcome.Connected());
            case WaEvent.Disconnected lost -> outcome.complete(new AttemptOutcome.Failed(lost.reason()));
            case WaEvent.LoggedOut loggedOut -> outcome.complete(new AttemptOutcome.LoggedOut(loggedOut.reason()));
            case WaEvent.Replaced replaced -> outcome.complete(new AttemptOutcome.Replaced());
            default -> {
                // messages, receipts, QR codes...: not about this attempt's outcome
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
