package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.connection.ClientPayloads;
import dev.wagateway.protocol.client.connection.CloseAction;
import dev.wagateway.protocol.client.connection.ConnectionChannel;
import dev.wagateway.protocol.client.connection.EventDispatcher;
import dev.wagateway.protocol.client.connection.IqCorrelator;
import dev.wagateway.protocol.client.connection.Keepalive;
import dev.wagateway.protocol.client.connection.NoiseSocket;
import dev.wagateway.protocol.client.connection.ReconnectBackoff;
import dev.wagateway.protocol.client.connection.SerialExecutor;
import dev.wagateway.protocol.client.error.ConnectionLostException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RuntimeClosedException;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.noise.CertificateChainVerifier;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.protocol.version.WebVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lifecycle of one {@link WaClient}'s connection: starts and stops, one attempt at a time (the Noise handshake
 * with a registration or login payload), the keepalive, reconnects with backoff, one web-version refresh after a
 * 405, and what each close means ({@link CloseAction}). Its lock guards the run bookkeeping the restart races rely
 * on: every start and every stop begins a new run, and an attempt, retry timer, close or stanza of an older run
 * does nothing in a later one. Incoming stanzas are handled in order on one node thread by {@link ServerStanzas}.
 * The fields without {@code private} are also written by {@link LifecycleStanzaHooks}, this class's stanza side;
 * the version announced and its refresh after a 405 are {@link WebVersionRefresh}'s.
 */
final class ConnectionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private final WaClientConfig config;
    private final WaClientRuntime runtime;
    private final DeviceStore store;
    private final ClientPayloads payloads;
    private final IqCorrelator correlator;
    private final EventDispatcher events;
    private final SerialExecutor nodes;
    final ReconnectBackoff backoff;
    final ReentrantLock lock = new ReentrantLock();
    /** Set once by {@link #attach}: the connection's send side and its stanzas are built from this object. */
    private ConnectionChannel channel;
    private ServerStanzas stanzas;
    Supplier<CompletableFuture<Void>> pushNameSynced;
    Runnable onLoginAnnounced;

    volatile ClientState state = ClientState.DISCONNECTED;
    private volatile NoiseSocket socket;
    volatile CloseAction afterClose = CloseAction.networkLoss();
    volatile boolean running;
    /** Set by a {@code once} start until the login: a failed attempt then stops instead of retrying. */
    volatile boolean singleAttempt;
    /**
     * Counts starts and stops; an attempt (or a retry timer) belongs to the run it was made for and does nothing in
     * a later one, so a retry scheduled before {@link #disconnect()} cannot fire into the next start.
     */
    volatile long run;
    /** The run whose attempt opened {@link #socket} (guarded by {@link #lock}). */
    private long socketRun;
    /** The run of the stanza being handled (node thread only). */
    long handlingRun;
    volatile CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile CompletableFuture<Void> loggedOut = new CompletableFuture<>();
    private Keepalive keepalive;
    final WebVersionRefresh version;

    /**
     * @param config     how to connect
     * @param runtime    what the client shares with the others of the process
     * @param store      the device's storage; credentials are created in it on the first attempt
     * @param payloads   the registration and login payloads
     * @param correlator where IQ answers are matched (all fail when a connection closes)
     * @param events     where lifecycle events go, in order with the stanzas' events
     */
    ConnectionLifecycle(WaClientConfig config, WaClientRuntime runtime, DeviceStore store, ClientPayloads payloads,
                        IqCorrelator correlator, EventDispatcher events) {
        this.config = config;
        this.runtime = runtime;
        this.store = store;
        this.payloads = payloads;
        this.correlator = correlator;
        this.events = events;
        this.nodes = new SerialExecutor("wa-nodes");
        this.backoff = new ReconnectBackoff(config.reconnectBase(), config.reconnectMax(), runtime.random());
        this.version = new WebVersionRefresh(payloads, runtime.versions(), events,
                outdatedRun -> running && outdatedRun == run, this::attempt, this::stopRun);
    }

    /**
     * Completes the wiring: the channel (which reads this lifecycle's socket and state) and the stanzas (which report
     * to {@link #stanzaHooks()}) are built after this object. Called once, before the first start.
     *
     * @param onLoginAnnounced run on the node thread when a login of the current run is announced
     * @param pushNameSynced   completes once the account's push name from app state is known (it may never)
     */
    void attach(ConnectionChannel channel, ServerStanzas stanzas, Runnable onLoginAnnounced,
                Supplier<CompletableFuture<Void>> pushNameSynced) {
        if (this.channel != null) {
            throw new IllegalStateException("already attached");
        }
        this.channel = channel;
        this.stanzas = stanzas;
        this.onLoginAnnounced = onLoginAnnounced;
        this.pushNameSynced = pushNameSynced;
    }

    /** What the connection's stanzas report back to this lifecycle. */
    ServerStanzas.Lifecycle stanzaHooks() {
        return new LifecycleStanzaHooks(this);
    }

    /** The current state. */
    ClientState state() {
        return state;
    }

    /** The open connection, if any. */
    NoiseSocket socket() {
        return socket;
    }

    /** Whether the client is started (connected or trying to be). */
    boolean running() {
        return running;
    }

    /** Completes at the next (or current) successful login. */
    CompletableFuture<Void> whenConnected() {
        return connected.copy();
    }

    /** Starts a run; a {@code once} run stops instead of retrying when its first attempt fails. */
    void start(boolean once) {
        if (runtime.scheduler().isShutdown()) {
            throw new RuntimeClosedException();
        }
        long thisRun;
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            singleAttempt = once;
            version.reset();
            thisRun = ++run;
            if (loggedOut.isDone()) {
                loggedOut = new CompletableFuture<>();
            }
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("wa-connect").start(() -> attempt(thisRun));
    }

    /** Stops the run: closes the connection and does not reconnect (see {@link WaClient#disconnect()}). */
    void disconnect() {
        NoiseSocket current;
        Keepalive pinger;
        lock.lock();
        try {
            running = false;
            run++;
            afterClose = new CloseAction(CloseAction.Kind.STOP, "disconnected by the application");
            current = socket;
            // this run's timers end here: a restart's attempt may take the socket over before the old one's close
            // is reported, and that close would then never reach afterClosed to stop them
            pinger = keepalive;
            keepalive = null;
            if (connected.isDone()) {
                connected = new CompletableFuture<>();
            }
            state = state == ClientState.LOGGED_OUT ? ClientState.LOGGED_OUT : ClientState.DISCONNECTED;
        } finally {
            lock.unlock();
        }
        if (pinger != null) {
            pinger.stop();
        }
        stanzas.endPairing();
        if (current != null) {
            current.close("disconnected by the application");
        }
    }

    /**
     * Closes the connection as logged out, after the server took the {@code remove-companion-device}: the close
     * clears the credentials. Completes once they are cleared.
     */
    CompletableFuture<Void> closeLoggedOut() {
        NoiseSocket current;
        lock.lock();
        try {
            running = false;
            afterClose = new CloseAction(CloseAction.Kind.LOGGED_OUT, "logged out by the application");
            current = socket;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.close("logged out");
        }
        return loggedOut.copy();
    }

    /** A pairing code for {@code phone}; only while waiting for pairing. */
    CompletableFuture<String> requestPairingCode(String phone) {
        if (state != ClientState.WAITING_FOR_QR) {
            return CompletableFuture.failedFuture(new NotConnectedException("not waiting for pairing"));
        }
        return CompletableFuture.supplyAsync(() -> stanzas.requestPairingCode(phone),
                task -> Thread.ofVirtual().start(task));
    }

    private void attempt(long attemptRun) {
        if (!running || attemptRun != run) {
            return;
        }
        state = ClientState.CONNECTING;
        DeviceCredentials credentials = store.credentials().orElseGet(() -> {
            DeviceCredentials fresh = DeviceCredentials.generate(runtime.random(), runtime.clock().millis());
            store.saveCredentials(fresh);
            return fresh;
        });
        store.signalStores();
        WebVersion announced = version.forAttempt();
        byte[] payload = store.pairedDevice().map(p -> payloads.login(p.jid(), announced))
                .orElseGet(() -> payloads.registration(credentials, announced)).toByteArray();
        NoiseSocket opened = NoiseSocket.create(socketHandler());
        CloseAction lossOfThisAttempt = CloseAction.networkLoss();
        lock.lock();
        try {
            if (!running || attemptRun != run) {
                return;
            }
            socket = opened;
            socketRun = attemptRun;
            afterClose = lossOfThisAttempt;
        } finally {
            lock.unlock();
        }
        try {
            opened.handshake(runtime.dialer(config.proxy()), config.serverUri(), config.connectTimeout(),
                    credentials.noiseKeyPair(), new CertificateChainVerifier(config.rootKey(), runtime.clock()),
                    payload, runtime.random());
        } catch (IOException e) {
            log.info("connecting to {} failed: {}", config.serverUri(), e.getMessage());
            boolean stale;
            lock.lock();
            try {
                if (socket == opened && afterClose != lossOfThisAttempt) {
                    // the server answered (a <failure>, a stream error) and the connection closed before the
                    // handshake returned: that answer's action decides what follows, as for any close (a socket
                    // closed before it was established reports no close of its own; one that was, is ignored
                    // the second time). Retrying here instead made a second attempt with a refused version.
                    nodes.execute(() -> afterClosed(opened, e.getMessage()));
                    return;
                }
                if (socket == opened) {
                    socket = null;
                }
                stale = attemptRun != run;
            } finally {
                lock.unlock();
            }
            if (stale) {
                // stopped meanwhile; if started again, that run owns the state
                if (!running) {
                    state = ClientState.DISCONNECTED;
                }
                return;
            }
            boolean giveUp = endSingleAttempt();
            state = ClientState.DISCONNECTED;
            if (giveUp) {
                events.emit(new WaEvent.Disconnected(e.getMessage(), false, false));
            } else if (running) {
                events.emit(new WaEvent.Disconnected(e.getMessage(), true, false));
                retryLater(backoff.next());
            }
            return;
        }
        Keepalive pinger = new Keepalive(channel, runtime.scheduler(), runtime.random(), runtime.clock(), config,
                () -> opened.close("keepalive timeout"), events::emit);
        lock.lock();
        try {
            if (socket != opened) {
                return;
            }
            keepalive = pinger;
        } finally {
            lock.unlock();
        }
        pinger.start();
    }

    /** Stops the client when {@code stoppedRun} is still the current run (a 405 no newer version answers). */
    private void stopRun(long stoppedRun) {
        lock.lock();
        try {
            if (stoppedRun == run) {
                running = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops a {@link #connectOnce()} client whose attempt failed; true when it did. */
    private boolean endSingleAttempt() {
        lock.lock();
        try {
            if (!singleAttempt || !running) {
                return false;
            }
            singleAttempt = false;
            running = false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void retryLater(Duration delay) {
        long retryRun = run;
        if (delay.isZero()) {
            Thread.ofVirtual().name("wa-connect").start(() -> attempt(retryRun));
        } else {
            runtime.scheduler().schedule(() -> Thread.ofVirtual().name("wa-connect").start(() -> attempt(retryRun)),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private NoiseSocket.Handler socketHandler() {
        return new NoiseSocket.Handler() {
            @Override
            public void onNode(NoiseSocket from, Node node) {
                if (correlator.complete(node)) {
                    return;
                }
                nodes.execute(() -> handle(from, node));
            }

            @Override
            public void onClosed(NoiseSocket from, String reason) {
                if (from != socket) {
                    return;
                }
                if (connected.isDone()) {
                    connected = new CompletableFuture<>();
                }
                correlator.failAll(new ConnectionLostException(reason));
                nodes.execute(() -> afterClosed(from, reason));
            }
        };
    }

    private void afterClosed(NoiseSocket closed, String reason) {
        CloseAction action;
        Keepalive pinger;
        boolean superseded;
        long closedRun;
        lock.lock();
        try {
            if (closed != socket) {
                return;
            }
            socket = null;
            superseded = running && socketRun != run;
            closedRun = run;
            action = afterClose;
            pinger = keepalive;
            keepalive = null;
        } finally {
            lock.unlock();
        }
        if (pinger != null) {
            pinger.stop();
        }
        stanzas.endPairing();
        if (connected.isDone()) {
            connected = new CompletableFuture<>();
        }
        // A lost connection is best told by the socket; anything the server decided, by the action.
        String why = action.kind() == CloseAction.Kind.RECONNECT && !action.connectFailure() ? reason
                : action.reason();
        log.info("connection closed: {} ({})", why, action.kind());
        switch (action.kind()) {
            case RECONNECT -> {
                boolean giveUp = endSingleAttempt();
                state = ClientState.DISCONNECTED;
                events.emit(new WaEvent.Disconnected(why, running, action.connectFailure()));
                if (running && !giveUp) {
                    retryLater(backoff.next());
                }
            }
            case RECONNECT_NOW -> {
                state = ClientState.DISCONNECTED;
                events.emit(new WaEvent.Disconnected(why, running, action.connectFailure()));
                if (running) {
                    retryLater(Duration.ZERO);
                }
            }
            case STOP -> {
                // Stops only the run that was current when the close was taken in: after disconnect() a start
                // may follow at once (a restart), and that run owns running and the state; this close then only
                // ends the old connection.
                boolean stopped;
                lock.lock();
                try {
                    stopped = !superseded && run == closedRun;
                    if (stopped) {
                        running = false;
                        state = ClientState.DISCONNECTED;
                    }
                } finally {
                    lock.unlock();
                }
                events.emit(stopped ? new WaEvent.Disconnected(why, false, action.connectFailure())
                        : new WaEvent.Disconnected(why, running, false));
            }
            case OUTDATED -> {
                state = ClientState.DISCONNECTED;
                version.afterOutdated(why, run, running);
            }
            case REPLACED -> {
                running = false;
                state = ClientState.DISCONNECTED;
                events.emit(new WaEvent.Replaced());
            }
            case LOGGED_OUT -> {
                running = false;
                Optional<Jid> was = store.pairedDevice().map(PairedDevice::jid);
                store.clear();
                state = ClientState.LOGGED_OUT;
                events.emit(new WaEvent.LoggedOut(why, was));
                loggedOut.complete(null);
            }
        }
    }

    void closeWith(NoiseSocket target, CloseAction action) {
        afterClose = action;
        target.close(action.reason());
    }

    // ---- incoming nodes (on the node thread, in order) ----

    private void handle(NoiseSocket from, Node node) {
        if (from != socket || socketRun != run) {
            return; // a stanza of a connection that was closed or stopped (disconnect() ran) is not acted on
        }
        handlingRun = socketRun;
        stanzas.handle(from, node);
    }

    /** Whether the stanza being handled still belongs to the current run (a disconnect may come meanwhile). */
    boolean handlingCurrentRun() {
        lock.lock();
        try {
            return handlingRun == run && running;
        } finally {
            lock.unlock();
        }
    }
}
