package dev.wagateway.protocol.client;

import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.MediaBlobSource;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.connection.ClientPayloads;
import dev.wagateway.protocol.client.connection.ConnectionChannel;
import dev.wagateway.protocol.client.connection.EventDispatcher;
import dev.wagateway.protocol.client.connection.IqCorrelator;
import dev.wagateway.protocol.client.connection.NodeRouter;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.error.RuntimeClosedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.event.WaEventListener;
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
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One WhatsApp companion device, and the hub of its features. It starts and stops the connection (its lifecycle:
 * the Noise handshake with a registration or login payload, QR or code pairing, login, keepalive, reconnects, is
 * kept by a {@code ConnectionLifecycle}) and logs out. Everything else is a feature object it hands out ({@link #messages()}, {@link #receipts()},
 * {@link #users()}, {@link #presence()}...), each in its own package and reaching the server only through the
 * {@link ClientContext} of {@code client.spi}. Events go to the listeners in order. Holds no thread while idle:
 * incoming nodes are handled on a virtual thread in order, timers run on the runtime's shared scheduler.
 */
public final class WaClient implements AutoCloseable {

    private final DeviceStore store;
    private final EventDispatcher events;
    private final ConnectionChannel channel;
    private final ConnectionLifecycle lifecycle;
    private final NodeRouter router = new NodeRouter();
    private final Messages messages;
    private final Receipts receipts;
    private final Users users;
    private final Presence presence;
    private final Media media;
    private final History history;
    private final Groups groups;
    private final AppState appState;

    /**
     * @param config  how to connect
     * @param runtime what this client shares with the others of the process
     * @param store   this device's storage; credentials are created in it on the first connection
     */
    public WaClient(WaClientConfig config, WaClientRuntime runtime, DeviceStore store) {
        this.store = store;
        ClientPayloads payloads = new ClientPayloads(config);
        IqCorrelator correlator = new IqCorrelator(runtime.scheduler());
        this.events = new EventDispatcher("wa-events");
        this.lifecycle = new ConnectionLifecycle(config, runtime, store, payloads, correlator, events);
        this.channel = new ConnectionChannel(lifecycle::socket, correlator, config.requestTimeout(),
                lifecycle::running, lifecycle::whenConnected, runtime.random());
        ClientContext context = new ClientContext(channel, store, events::emit, router, runtime.clock(),
                runtime.random(), runtime.scheduler(), () -> lifecycle.state() == ClientState.CONNECTED,
                runtime.counters());
        PreKeyUploader preKeys = new PreKeyUploader(context, new SignalKeyGenerator(runtime.random()),
                new PreKeyPolicy(config.minPreKeys(), config.initialPreKeys(), config.preKeyBatch()));
        ServerStanzas stanzas = new ServerStanzas(channel, store, payloads, events, router, preKeys,
                new CodePairing(context, payloads.platformId(), payloads.platformDisplay()),
                new PairSuccessAcceptor(store, runtime.random()), config, runtime, lifecycle.stanzaHooks());
        // one memory of the PN<->LID pairings in front of the store, shared by every feature that learns or reads them
        CachedLidMappings lids = new CachedLidMappings(store::lidMappings);
        DeviceDirectory directory = new DeviceDirectory(channel, runtime.clock(), lids);
        GroupParticipants participants = new GroupParticipants(channel, runtime.clock(), lids);
        DeliveryActivity activity = new DeliveryActivity();
        this.messages = new Messages(context, directory, participants, activity, lids, config.skippedDeviceRetry());
        this.receipts = new Receipts(context, activity);
        this.users = new Users(context, directory);
        this.presence = new Presence(context, activity);
        this.media = new Media(context, config.media().withProxy(config.proxy()));
        this.groups = new Groups(context, participants);
        this.history = new History(context, media, messages, HistoryLimits.DEFAULT);
        this.appState = new AppState(context, new MediaBlobSource(media), messages::sendPeer);
        // key shares: taken (stored) at once, then acknowledged
        messages.onOwnProtocolMessage((id, sender, message) -> appState.onOwnProtocolMessage(message)
                ? Optional.of(CompletableFuture.<Void>completedFuture(null)) : Optional.empty());
        lifecycle.attach(channel, stanzas, appState::loggedIn, appState::whenPushNameSynced);
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
        return lifecycle.state();
    }

    /** Our own device address, once paired. */
    public Optional<Jid> jid() {
        return store.pairedDevice().map(PairedDevice::jid);
    }

    /** Completes at the next (or current) successful login. */
    public CompletableFuture<Void> whenConnected() {
        return lifecycle.whenConnected();
    }

    /**
     * Starts connecting in the background (and keeps reconnecting until {@link #disconnect()}, a logout or a
     * replacement). Paired devices log in; others register and show QR codes.
     *
     * @throws RuntimeClosedException when the runtime was closed
     */
    public void connect() {
        lifecycle.start(false);
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
        lifecycle.start(true);
    }

    /**
     * Stops: closes the connection and does not reconnect. Credentials are kept. On return the client no longer
     * reports itself connected and {@link #whenConnected()} waits for a later login, so a {@link #connect()} right
     * after (a restart) is only reported connected once its own login succeeded.
     */
    public void disconnect() {
        lifecycle.disconnect();
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
        messages.close();
        media.close();
    }

    /**
     * Asks for an 8-character pairing code for {@code phone} (international digits); the user types it on the phone
     * under "Link with phone number". Only while waiting for pairing ({@link ClientState#WAITING_FOR_QR}).
     */
    public CompletableFuture<String> requestPairingCode(String phone) {
        return lifecycle.requestPairingCode(phone);
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
        if (me.isEmpty() || state() != ClientState.CONNECTED) {
            return CompletableFuture.failedFuture(new NotConnectedException("not logged in"));
        }
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "md")
                .children(Node.builder("remove-companion-device").attribute("jid", me.get().jid())
                        .attribute("reason", "user_initiated").build()).build();
        return channel.query(iq).handle((answer, error) -> null).thenCompose(ignored -> lifecycle.closeLoggedOut());
    }

}
