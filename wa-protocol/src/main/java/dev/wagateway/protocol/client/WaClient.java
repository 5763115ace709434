package dev.wagateway.protocol.client;

import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.MediaBlobSource;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.connection.ClientPayloads;
import dev.wagateway.protocol.client.connection.CloseAction;
import dev.wagateway.protocol.client.connection.ConnectionChannel;
import dev.wagateway.protocol.client.connection.EventDispatcher;
import dev.wagateway.protocol.client.connection.IqCorrelator;
import dev.wagateway.protocol.client.connection.Keepalive;
import dev.wagateway.protocol.client.connection.NodeRouter;
import dev.wagateway.protocol.client.connection.NoiseSocket;
import dev.wagateway.protocol.client.connection.ReconnectBackoff;
import dev.wagateway.protocol.client.connection.SerialExecutor;
import dev.wagateway.protocol.client.error.ConnectionLostException;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RuntimeClosedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
import dev.wagateway.protocol.noise.CertificateChainVerifier;
import dev.wagateway.protocol.group.GroupParticipants;
import dev.wagateway.protocol.history.History;
import dev.wagateway.protocol.history.HistoryLimits;
import dev.wagateway.protocol.media.Media;
import dev.wagateway.protocol.group.Groups;
import dev.wagateway.protocol.message.Messages;
import dev.wagateway.protocol.pairing.CodePairing;
import dev.wagateway.protocol.pairing.PairSuccessAcceptor;
import dev.wagateway.protocol.prekey.PreKeyPolicy;
import dev.wagateway.protocol.prekey.PreKeyUploader;
import dev.wagateway.protocol.presence.Presence;
import dev.wagateway.protocol.receipt.DeliveryActivity;
import dev.wagateway.protocol.receipt.Receipts;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.user.DeviceDirectory;
import dev.wagateway.protocol.user.Users;
import dev.wagateway.protocol.store.CachedLidMappings;
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

/**
 * One WhatsApp companion device, and the hub of its features. It owns the connection's lifecycle: connects (Noise
 * handshake with a registration or login payload), pairs by QR or code, logs in, keeps the connection alive,
 * reconnects, logs out. Everything else is a feature object it hands out ({@link #messages()}, {@link #receipts()},
 * {@link #users()}, {@link #presence()}...), each in its own package and reaching the server only through the
 * {@link ClientContext} of {@code client.spi}. Events go to the listeners in order. Holds no thread while idle:
 * incoming nodes are handled on a virtual thread in order, timers run on the runtime's shared scheduler.
 */
public final class WaClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WaClient.class);

    private final WaClientConfig config;
    private final WaClientRuntime runtime;
    private final DeviceStore store;
    private final ClientPayloads payloads;
    private final IqCorrelator correlator;
    private final EventDispatcher events;
    private final SerialExecutor nodes;
    private final ReconnectBackoff backoff;
    private final ConnectionChannel channel;
    private final NodeRouter router = new NodeRouter();
    private final ServerStanzas stanzas;
    private final Messages messages;
    private final Receipts receipts;
    private final Users users;
    private final Presence presence;
    private final Media media;
    private final History history;
    private final Groups groups;
    private final AppState appState;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile NoiseSocket socket;
    private volatile CloseAction afterClose = CloseAction.networkLoss();
    private volatile boolean running;
    /** Set by {@link #connectOnce()} until the login: a failed attempt then stops instead of retrying. */
    private volatile boolean singleAttempt;
    /**
     * Counts starts and stops; an attempt (or a retry timer) belongs to the run it was made for and does nothing in
     * a later one, so a retry scheduled before {@link #disconnect()} cannot fire into the next start.
     */
    private volatile long run;
    /** The run whose attempt opened {@link #socket} (guarded by {@link #lock}). */
    private long socketRun;
    /** The run of the stanza being handled (node thread only). */
    private long handlingRun;
    private volatile CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile CompletableFuture<Void> loggedOut = new CompletableFuture<>();
    private Keepalive keepalive;
    /** The web version the current (or last) attempt announced. */
    private volatile WebVersion announced;
    /** A 405 already led to a version refresh in this run: the next one stops (reset by a login or a start). */
    private volatile boolean versionRefreshed;

    /**
     * @param config  how to connect
     * @param runtime what this client shares with the others of the process
     * @param store   this device's storage; credentials are created in it on the first connection
     */
    public WaClient(WaClientConfig config, WaClientRuntime runtime, DeviceStore store) {
        this.config = config;
        this.runtime = runtime;
        this.store = store;
        this.payloads = new ClientPayloads(config);
        this.correlator = new IqCorrelator(runtime.scheduler());
        this.channel = new ConnectionChannel(() -> socket, correlator, config.requestTimeout(), () -> running,
                this::whenConnected, runtime.random());
        this.events = new EventDispatcher("wa-events");
        this.nodes = new SerialExecutor("wa-nodes");
        this.backoff = new ReconnectBackoff(config.reconnectBase(), config.reconnectMax(), runtime.random());
        ClientContext context = new ClientContext(channel, store, events::emit, router, runtime.clock(),
                runtime.random(), runtime.scheduler(), () -> state == ClientState.CONNECTED, runtime.counters());
        PreKeyUploader preKeys = new PreKeyUploader(context, new SignalKeyGenerator(runtime.random()),
                new PreKeyPolicy(config.minPreKeys(), config.initialPreKeys(), config.preKeyBatch()));
        this.stanzas = new ServerStanzas(channel, store, payloads, events, router, preKeys,
                new CodePairing(context, payloads.platformId(), payloads.platformDisplay()),
                new PairSuccessAcceptor(store, runtime.random()), config, runtime, new StanzaLifecycle());
        // one memory of the PN<->LID pairings in front of the store, shared by every feature that learns or reads them
        CachedLidMappings lids = new CachedLidMappings(store::lidMappings);
        DeviceDirectory directory = new DeviceDirectory(channel, runtime.clock(), lids);
        GroupParticipants participants = new GroupParticipants(channel, runtime.clock(), lids);
        DeliveryActivity activity = new DeliveryActivity();
        this.messages = new Messages(context, directory, participants, activity, lids);
        this.receipts = new Receipts(context, activity);
        this.users = new Users(context, directory);
        this.presence = new Presence(context, activity);
        this.media = new Media(context, config.media());
        this.groups = new Groups(context, participants);
        this.history = new History(context, media, messages, HistoryLimits.DEFAULT);
        this.appState = new AppState(context, new MediaBlobSource(media), messages::sendPeer);
        // key shares: taken (stored) at once, then acknowledged
        messages.onOwnProtocolMessage((id, sender, message) -> appState.onOwnProtocolMessage(message)
                ? Optional.of(CompletableFuture.<Void>completedFuture(null)) : Optional.empty());
    }

    /** Sending and receiving messages. */
    public Messages messages() {
        return messages;
    }

    /** Read receipts out, and the receipts others send for our messages. */
    public Receipts receipts() {
        return receipts;
    }

    /** Other users: registered numbers, device lists. */
    public Users users() {
        return users;
    }

    /** This account's presence and chat states. */
    public Presence presence() {
        return presence;
    }

    /** History sync: the chats and messages our phone shares with this device, and requests for more. */
    public History history() {
        return history;
    }

    /** Media: uploads and verified downloads over the account's {@code media_conn}. */
    public Media media() {
        return media;
    }

    /** Groups and communities: create, manage, join, and the server's notifications of their changes. */
    public Groups groups() {
        return groups;
    }

    /** App-state sync: chat settings and the push name shared with the phone (protocol §10). */
    public AppState appState() {
        return appState;
    }

    /** Adds a listener; events emitted afterwards reach it. */
    public void addListener(WaEventListener listener) {
        events.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(WaEventListener listener) {
        events.remove(listener);
    }

    /** The current state. */
    public ClientState state() {
        return state;
    }

    /** Our own device address, once paired. */
    public Optional<Jid> jid() {
        return store.pairedDevice().map(PairedDevice::jid);
    }

    /** Completes at the next (or current) successful login. */
    public CompletableFuture<Void> whenConnected() {
        return connected.copy();
    }

    /**
     * Starts connecting in the background (and keeps reconnecting until {@link #disconnect()}, a logout or a
     * replacement). Paired devices log in; others register and show QR codes.
     *
     * @throws RuntimeClosedException when the runtime was closed
     */
    public void connect() {
        start(false);
    }

    /**
     * Makes one attempt to connect and log in, in the background: if it fails before the login (the server cannot
     * be reached, the connection drops, the login times out or is refused), the client stops and emits
     * {@link WaEvent.Disconnected} with {@code reconnecting == false} (or {@link WaEvent.LoggedOut} when the
     * device was unlinked) instead of retrying. Once logged in it reconnects after losses as {@link #connect()} does.
     * For callers that run their own attempt schedule (the gateway's boot restore). Does nothing while the client
     * is already running.
     *
     * @throws RuntimeClosedException when the runtime was closed
     */
    public void connectOnce() {
        start(true);
    }

    private void start(boolean once) {
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
            versionRefreshed = false;
            thisRun = ++run;
            if (loggedOut.isDone()) {
                loggedOut = new CompletableFuture<>();
            }
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("wa-connect").start(() -> attempt(thisRun));
    }

    /**
     * Stops: closes the connection and does not reconnect. Credentials are kept. On return the client no longer
     * reports itself connected and {@link #whenConnected()} waits for a later login, so a {@link #connect()} right
     * after (a restart) is only reported connected once its own login succeeded.
     */
    public void disconnect() {
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

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
        media.close();
    }

    /**
     * Asks for an 8-character pairing code for {@code phone} (international digits); the user types it on the phone
     * under "Link with phone number". Only while waiting for pairing ({@link ClientState#WAITING_FOR_QR}).
     */
    public CompletableFuture<String> requestPairingCode(String phone) {
        if (state != ClientState.WAITING_FOR_QR) {
            return CompletableFuture.failedFuture(new NotConnectedException("not waiting for pairing"));
        }
        return CompletableFuture.supplyAsync(() -> stanzas.requestPairingCode(phone),
                task -> Thread.ofVirtual().start(task));
    }

    /**
     * Sends an IQ of a feature this class does not model and returns the answer (an id is added when missing).
     */
    public CompletableFuture<Node> query(Node iq) {
        return channel.query(iq);
    }

    /**
     * Unlinks this device (protocol §13.6): {@code remove-companion-device}, then closes the connection and clears
     * the credentials; emits {@link WaEvent.LoggedOut}. Completes once the credentials are cleared.
     */
    public CompletableFuture<Void> logout() {
        Optional<PairedDevice> me = store.pairedDevice();
        if (me.isEmpty() || state != ClientState.CONNECTED) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "md")
                .children(Node.builder("remove-companion-device").attribute("jid", me.get().jid())
                        .attribute("reason", "user_initiated").build()).build();
        return channel.query(iq).handle((answer, error) -> {
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
            return null;
        }).thenCompose(ignored -> loggedOut.copy());
    }

    // ---- connection lifecycle ----

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
        WebVersion version = announcedVersion();
        announced = version;
        byte[] payload = store.pairedDevice().map(p -> payloads.login(p.jid(), version))
                .orElseGet(() -> payloads.registration(credentials, version)).toByteArray();
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
            opened.handshake(runtime.dialer(), config.serverUri(), config.connectTimeout(),
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

    /** The configured web version, or the refreshed one when it is newer. */
    private WebVersion announcedVersion() {
        WebVersion configured = payloads.configuredVersion();
        return runtime.versions().current().filter(configured::olderThan).orElse(configured);
    }

    /**
     * After a 405: one refresh of the web version (on a virtual thread: it reads a web page) and, when it found a
     * newer version, one reconnect; otherwise the client stops.
     */
    private void afterOutdated(String why) {
        long outdatedRun = run;
        WebVersion refused = announced;
        boolean retry = running && !versionRefreshed && refused != null;
        versionRefreshed = true;
        Thread.ofVirtual().name("wa-version-refresh").start(() -> {
            Optional<WebVersion> newer = retry ? runtime.versions().newerThan(refused) : Optional.empty();
            if (newer.isPresent() && running && outdatedRun == run) {
                log.info("web version {} refused; reconnecting with {}", refused, newer.get());
                events.emit(new WaEvent.Disconnected(why, true, true));
                attempt(outdatedRun);
                return;
            }
            lock.lock();
            try {
                if (outdatedRun == run) {
                    running = false;
                }
            } finally {
                lock.unlock();
            }
            log.warn("web version {} refused and no newer version is known: staying offline", refused);
            events.emit(new WaEvent.Disconnected(why, false, true));
        });
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
                afterOutdated(why);
            }
            case REPLACED -> {
                running = false;
                state = ClientState.DISCONNECTED;
                events.emit(new WaEvent.Replaced());
            }
            case LOGGED_OUT -> {
                running = false;
                Optional<Jid> was = jid();
                store.clear();
                state = ClientState.LOGGED_OUT;
                events.emit(new WaEvent.LoggedOut(why, was));
                loggedOut.complete(null);
            }
        }
    }

    private void closeWith(NoiseSocket target, CloseAction action) {
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
    private boolean handlingCurrentRun() {
        lock.lock();
        try {
            return handlingRun == run && running;
        } finally {
            lock.unlock();
        }
    }

    /** What the stanzas of the connection change in its lifecycle. */
    private final class StanzaLifecycle implements ServerStanzas.Lifecycle {
        @Override
        public void waitingForScan() {
            if (handlingCurrentRun()) {
                state = ClientState.WAITING_FOR_QR;
            }
        }

        @Override
        public void paired() {
            if (handlingCurrentRun()) {
                state = ClientState.PAIRING;
            }
            afterClose = new CloseAction(CloseAction.Kind.RECONNECT_NOW, "paired, restarting");
        }

        @Override
        public void close(NoiseSocket from, CloseAction action) {
            closeWith(from, action);
        }

        @Override
        public void loggedIn() {
            // a login whose run was stopped while it was handled (a restart) must not stand for the next run's
            lock.lock();
            try {
                if (handlingRun != run || !running) {
                    return;
                }
                state = ClientState.CONNECTED;
                singleAttempt = false; // logged in: later losses are reconnected as usual
                versionRefreshed = false;
            } finally {
                lock.unlock();
            }
            backoff.reset();
        }

        @Override
        public void loginAnnounced() {
            if (handlingCurrentRun()) {
                connected.complete(null);
                appState.loggedIn();
            }
        }

        @Override
        public CompletableFuture<Void> pushNameSynced() {
            return appState.whenPushNameSynced();
        }

        @Override
        public java.util.function.BooleanSupplier stillCurrent() {
            long handled = handlingRun;
            return () -> {
                lock.lock();
                try {
                    return handled == run && running && state == ClientState.CONNECTED;
                } finally {
                    lock.unlock();
                }
            };
        }
    }

}
