package dev.wagateway.protocol.client;

import dev.wagateway.protocol.client.connection.CloseAction;
import dev.wagateway.protocol.client.connection.NoiseSocket;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * What the stanzas of a connection change in its {@link ConnectionLifecycle}: the pairing and login states, the
 * action a close will take. The lifecycle owns every field written here and the lock guarding them; this is its
 * stanza side, kept apart to keep the lifecycle readable.
 */
final class LifecycleStanzaHooks implements ServerStanzas.Lifecycle {

    private final ConnectionLifecycle lifecycle;

    LifecycleStanzaHooks(ConnectionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void waitingForScan() {
        if (lifecycle.handlingCurrentRun()) {
            lifecycle.state = ClientState.WAITING_FOR_QR;
        }
    }

    @Override
    public void paired() {
        if (lifecycle.handlingCurrentRun()) {
            lifecycle.state = ClientState.PAIRING;
        }
        lifecycle.afterClose = new CloseAction(CloseAction.Kind.RECONNECT_NOW, "paired, restarting");
    }

    @Override
    public void close(NoiseSocket from, CloseAction action) {
        lifecycle.closeWith(from, action);
    }

    @Override
    public void loggedIn() {
        // a login whose run was stopped while it was handled (a restart) must not stand for the next run's
        lifecycle.lock.lock();
        try {
            if (lifecycle.handlingRun != lifecycle.run || !lifecycle.running) {
                return;
            }
            lifecycle.state = ClientState.CONNECTED;
            lifecycle.singleAttempt = false; // logged in: later losses are reconnected as usual
            lifecycle.version.reset();
        } finally {
            lifecycle.lock.unlock();
        }
        lifecycle.backoff.reset();
    }

    @Override
    public void loginAnnounced() {
        if (lifecycle.handlingCurrentRun()) {
            lifecycle.connected.complete(null);
            lifecycle.onLoginAnnounced.run();
        }
    }

    @Override
    public CompletableFuture<Void> pushNameSynced() {
        return lifecycle.pushNameSynced.get();
    }

    @Override
    public BooleanSupplier stillCurrent() {
        long handled = lifecycle.handlingRun;
        return () -> {
            lifecycle.lock.lock();
            try {
                return handled == lifecycle.run && lifecycle.running && lifecycle.state == ClientState.CONNECTED;
            } finally {
                lifecycle.lock.unlock();
            }
        };
    }
}
