package dev.wagateway.core.session;

import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.media.IncomingMedia;
import dev.wagateway.core.message.AutoMarkRead;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.protocol.store.DeviceStore;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sessions this node runs, one per device, with the per-device locks that serialise work on each, and what
 * every newly opened session is wired with (the settings the {@link SessionManager}'s {@code use…} methods set).
 *
 * <p>Owner of the session map and the lock map; the login, removal and held-set parts of the manager reach them
 * only through here.
 */
final class SessionTable {

    private final WaClientConfig clientConfig;
    private final WaClientRuntime runtime;
    private final EventRecorder recorder;
    /** Writes every device's sent message rows and incoming receipts, many to a transaction. */
    private final MessageRowWriter messageRows;
    private final ConcurrentMap<UUID, DeviceSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Devices whose session was stopped because this node gave their lease up or lost it, until one opens again. */
    private final Set<UUID> handedOver = ConcurrentHashMap.newKeySet();
    /** The devices' calls under way, drained before a session stops for a hand-over. */
    private final CallsInFlight inFlight = new CallsInFlight();
    private volatile IncomingMedia incomingMedia = IncomingMedia.NONE;
    private volatile DisappearingTimers timers = new DisappearingTimers();
    private volatile AutoMarkRead autoRead = AutoMarkRead.OFF;
    private volatile boolean appStateEvents;
    private volatile SessionOwnership ownership = SessionOwnership.EVERY_DEVICE;
    private volatile Function<UUID, Optional<ProxySettings>> proxies;

    SessionTable(WaClientConfig clientConfig, WaClientRuntime runtime, EventRecorder recorder) {
        this.clientConfig = clientConfig;
        this.runtime = runtime;
        this.recorder = recorder;
        this.messageRows = new MessageRowWriter(recorder);
        Optional<ProxySettings> global = clientConfig.proxy();
        this.proxies = id -> global;
    }

    /** The writer of every device's message rows: the sends' and the receipts'. */
    MessageRowWriter messageRows() {
        return messageRows;
    }

    DeviceSession get(UUID deviceId) {
        return sessions.get(deviceId);
    }

    DeviceSession remove(UUID deviceId) {
        return sessions.remove(deviceId);
    }

    void remove(UUID deviceId, DeviceSession session) {
        sessions.remove(deviceId, session);
    }

    /**
     * The device's session, which has paired.
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     */
    DeviceSession requirePaired(UUID deviceId) {
        DeviceSession session = sessions.get(deviceId);
        if (session == null) {
            throw new SessionUnavailableException(SessionUnavailableException.NO_CLIENT);
        }
        if (!session.paired()) {
            throw new SessionUnavailableException(SessionUnavailableException.NEVER_PAIRED);
        }
        return session;
    }

    /** A new client for the device, wired with the current settings; a client it replaces is closed. */
    DeviceSession open(UUID deviceId, DeviceStore store) {
        WaClient client = new WaClient(configFor(deviceId), runtime, store);
        DeviceSession session = new DeviceSession(deviceId, client, store);
        client.addListener(new LoggedDeviceEvents(deviceId, new DeviceEvents(session, recorder, runtime.scheduler(),
                ended -> sessions.remove(ended.deviceId(), ended), closing::get, incomingMedia, timers, autoRead,
                appStateEvents, messageRows)));
        handedOver.remove(deviceId);
        inFlight.reopen(deviceId);
        DeviceSession previous = sessions.put(deviceId, session);
        if (previous != null) {
            previous.client().close();
        }
        return session;
    }

    CallsInFlight inFlight() {
        return inFlight;
    }

    /** Notes that the device's session was stopped for another node to run it (its lease lost or given up). */
    void handedOver(UUID deviceId) {
        handedOver.add(deviceId);
    }

    /** Whether the device's session was stopped here for another node to run it, and none opened since. */
    boolean isHandedOver(UUID deviceId) {
        return handedOver.contains(deviceId);
    }

    /** The client settings for the device: the shared ones with its proxy. */
    WaClientConfig configFor(UUID deviceId) {
        return clientConfig.toBuilder().proxy(proxies.apply(deviceId)).build();
    }

    <T> T withDeviceLock(UUID deviceId, Supplier<T> work) {
        ReentrantLock lock = lockOf(deviceId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    ReentrantLock lockOf(UUID deviceId) {
        return locks.computeIfAbsent(deviceId, id -> new ReentrantLock());
    }

    /** Forgets the lock of a device that is gone (deleted). */
    void forgetLock(UUID deviceId) {
        locks.remove(deviceId);
    }

    LiveStatus liveStatus(UUID deviceId) {
        DeviceSession session = sessions.get(deviceId);
        return session == null ? LiveStatus.NO_CLIENT : statusOf(session);
    }

    static LiveStatus statusOf(DeviceSession session) {
        ClientState state = session.client().state();
        boolean connected = state == ClientState.CONNECTED || state == ClientState.WAITING_FOR_QR
                || state == ClientState.PAIRING;
        boolean loggedIn = state == ClientState.CONNECTED;
        String error = !connected ? SessionUnavailableException.NOT_CONNECTED
                : !loggedIn ? SessionUnavailableException.NOT_LOGGED_IN : "";
        return new LiveStatus(true, connected, loggedIn, error);
    }

    int healthyCount() {
        return (int) sessions.values().stream().filter(s -> statusOf(s).healthy()).count();
    }

    boolean closing() {
        return closing.get();
    }

    /** From now on, sessions that end are the gateway stopping, not disconnections to record. */
    void markClosing() {
        closing.set(true);
    }

    /** Stops every client (credentials are kept), then the message rows' writer. */
    void stopAll() {
        sessions.values().forEach(session -> session.client().close());
        sessions.clear();
        messageRows.close();
    }

    SessionOwnership ownership() {
        return ownership;
    }

    /**
     * Checks, under the device's lock, that this node still holds the device: work that passed its lease check
     * just before the lease was given back (or lost) would otherwise open a session beside its next holder, which
     * WhatsApp ends with a {@code conflict}. The stop of a given-back device takes the same lock after the keeper
     * dropped it from its held set, so one of the two sees the other.
     *
     * @throws HandOverException the device is no longer held here
     */
    void requireHeldUnderLock(UUID deviceId) {
        if (!lockOf(deviceId).isHeldByCurrentThread()) {
            throw new IllegalStateException("the device's lock must be held");
        }
        if (!ownership.holds(deviceId)) {
            throw new HandOverException("the device is changing gateway nodes; try again", 2);
        }
    }

    void useOwnership(SessionOwnership leases) {
        this.ownership = leases;
    }

    void useIncomingMedia(IncomingMedia media) {
        this.incomingMedia = media;
    }

    void useDisappearingTimers(DisappearingTimers shared) {
        this.timers = shared;
    }

    void useAutoMarkRead(AutoMarkRead marker) {
        this.autoRead = marker;
    }

    void useAppStateEvents(boolean enabled) {
        this.appStateEvents = enabled;
    }

    void useProxies(Function<UUID, Optional<ProxySettings>> perDevice) {
        this.proxies = perDevice;
    }
}
