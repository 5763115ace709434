package dev.wagateway.core.session;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.event.EventPublisher;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.message.ReceiptBatcher;
import dev.wagateway.core.media.IncomingMedia;
import dev.wagateway.core.message.AutoMarkRead;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.proxy.ProxySettings;
import dev.wagateway.protocol.store.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds one {@link WaClient} per device: starts, logs in, reconnects, logs out and discards them, restores every
 * paired device at boot, and keeps each device's stored status in line with its client (through the per-feature
 * recorders of {@link DeviceEvents}). Use cases reach a device through {@link #calls()}.
 *
 * <p>Owner of the session map. Operations on one device are serialised by a per-device lock, so a login racing a
 * logout cannot leave two clients for one device.
 */
public final class SessionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final Duration LOGOUT_TIMEOUT = Duration.ofSeconds(30);
    /** A deletion waits this long for a device that is not connected to log in, so that it can log out. */
    static final Duration DISCARD_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A deletion waits this long for WhatsApp to confirm the logout. */
    static final Duration DISCARD_LOGOUT_TIMEOUT = Duration.ofSeconds(10);

    private final WaClientConfig clientConfig;
    private final WaClientRuntime runtime;
    private final ProtocolStoreFactory stores;
    private final DeviceRepository devices;
    private final EventRecorder recorder;
    /** Writes every device's incoming receipts, many to a transaction. */
    private final ReceiptBatcher receiptWriter;
    private final DeviceCalls calls;
    private final StartupReconnect startup;
    private final Clock clock;
    private final ConcurrentMap<UUID, DeviceSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile IncomingMedia incomingMedia = IncomingMedia.NONE;
    private final SessionRestore restore;
    private volatile DisappearingTimers timers = new DisappearingTimers();
    private volatile AutoMarkRead autoRead = AutoMarkRead.OFF;
    private volatile boolean appStateEvents;
    private volatile SessionOwnership ownership = SessionOwnership.EVERY_DEVICE;
    private volatile Function<UUID, Optional<ProxySettings>> proxies;

    /**
     * @param clientConfig the server, root key and timeouts every client uses
     * @param runtime      shared dialer, timer and random source
     * @param stores       the protocol store of each device
     * @param startup      how to restore devices at boot
     */
    public SessionManager(WaClientConfig clientConfig, WaClientRuntime runtime, ProtocolStoreFactory stores,
                          DeviceRepository devices, UnitOfWork unitOfWork, EventPublisher events,
                          StartupReconnect startup, Clock clock) {
        this.clientConfig = clientConfig.toBuilder().reconnect(startup.backoffBase(), startup.backoffMax()).build();
        this.runtime = runtime;
        this.stores = stores;
        this.devices = devices;
        this.recorder = new EventRecorder(unitOfWork, events, clock);
        this.receiptWriter = new ReceiptBatcher(recorder);
        this.calls = new DeviceCalls(this::connectedClient, this.clientConfig.requestTimeout());
        this.startup = startup;
        this.clock = clock;
        this.restore = new SessionRestore(this, devices, startup, runtime, clock, closing::get);
        Optional<ProxySettings> global = this.clientConfig.proxy();
        this.proxies = id -> global;
    }

    /** Calls to devices' sessions, waiting at most the client's request timeout unless a call names its own. */
    public DeviceCalls calls() {
        return calls;
    }

    /** The device's client, if one is in memory. */
    public Optional<WaClient> client(UUID deviceId) {
        return Optional.ofNullable(sessions.get(deviceId)).map(DeviceSession::client);
    }

    /**
     * The device's client, logged in and connected.
     *
     * @throws SessionUnavailableException with the contract's reason otherwise
     */
    public WaClient connectedClient(UUID deviceId) {
        DeviceSession session = sessions.get(deviceId);
        if (session == null) {
            throw new SessionUnavailableException(SessionUnavailableException.NO_CLIENT);
        }
        LiveStatus status = statusOf(session);
        if (!status.healthy()) {
            throw new SessionUnavailableException(status.error());
        }
        return session.client();
    }

    /** What the device's live client says (api.md row 17). */
    public LiveStatus liveStatus(UUID deviceId) {
        DeviceSession session = sessions.get(deviceId);
        return session == null ? LiveStatus.NO_CLIENT : statusOf(session);
    }

    private static LiveStatus statusOf(DeviceSession session) {
        ClientState state = session.client().state();
        boolean connected = state == ClientState.CONNECTED || state == ClientState.WAITING_FOR_QR
                || state == ClientState.PAIRING;
        boolean loggedIn = state == ClientState.CONNECTED;
        String error = !connected ? SessionUnavailableException.NOT_CONNECTED
                : !loggedIn ? SessionUnavailableException.NOT_LOGGED_IN : "";
        return new LiveStatus(true, connected, loggedIn, error);
    }

    /** The QR code the device is showing now, if it is waiting for a scan. */
    public Optional<LoginStart.Qr> currentQr(UUID deviceId) {
        DeviceSession session = sessions.get(deviceId);
        if (session == null || session.paired()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return session.currentQr(now).map(qr -> new LoginStart.Qr(qr.text(),
                positive(Duration.between(now, qr.expiresAt()))));
    }

    /**
     * Starts a QR login. An already paired device is reconnected instead; a device waiting for a scan gets its
     * current code; otherwise a fresh registration starts and the first code is returned.
     */
    public LoginStart startQrLogin(UUID deviceId) {
        requireLease(deviceId);
        return withDeviceLock(deviceId, () -> {
            DeviceSession session = unpairedSession(deviceId);
            if (session == null) {
                return new LoginStart.AlreadyPaired();
            }
            DeviceSession.CurrentQr qr = awaitFirstQr(session);
            Instant now = clock.instant();
            DeviceSession.CurrentQr current = session.currentQr(now).orElse(qr);
            return new LoginStart.Qr(current.text(), positive(Duration.between(now, current.expiresAt())));
        });
    }

    /**
     * Starts a pairing-code login for {@code phone} (international digits). An already paired device is
     * reconnected instead.
     */
    public LoginStart startCodeLogin(UUID deviceId, String phone) {
        requireLease(deviceId);
        return withDeviceLock(deviceId, () -> {
            DeviceSession session = unpairedSession(deviceId);
            if (session == null) {
                return new LoginStart.AlreadyPaired();
            }
            awaitFirstQr(session);
            String code = calls.await(session.client().requestPairingCode(phone), "request a pairing code",
                    clientConfig.requestTimeout().multipliedBy(2));
            return new LoginStart.PairingCode(code, Duration.ofSeconds(160));
        });
    }

    /** The session to pair, or null after reconnecting a device that is already paired. */
    private DeviceSession unpairedSession(UUID deviceId) {
        DeviceSession existing = sessions.get(deviceId);
        if (existing != null && existing.paired()) {
            restart(existing);
            return null;
        }
        if (existing != null && existing.client().state() == ClientState.WAITING_FOR_QR
                && existing.currentQr(clock.instant()).isPresent()) {
            return existing;
        }
        if (existing == null) {
            DeviceStore store = stores.open(deviceId);
            if (store.pairedDevice().isPresent()) {
                DeviceSession restored = open(deviceId, store);
                CompletableFuture<Void> loggedIn = restored.client().whenConnected();
                restored.client().connect();
                calls.await(loggedIn, "reconnect", clientConfig.connectTimeout().plus(clientConfig.requestTimeout()));
                return null;
            }
        }
        if (existing != null) {
            existing.client().close();
            sessions.remove(deviceId, existing);
        }
        DeviceStore store = stores.open(deviceId);
        store.clear(); // a fresh identity for each new pairing attempt
        DeviceSession fresh = open(deviceId, store);
        fresh.client().connect();
        return fresh;
    }

    private DeviceSession.CurrentQr awaitFirstQr(DeviceSession session) {
        Duration wait = clientConfig.connectTimeout().plus(clientConfig.requestTimeout());
        try {
            return calls.await(session.firstQr(), "show a QR code", wait);
        } catch (WhatsAppFailureException e) {
            if (e.mayHaveHappened()) {
                throw new WhatsAppFailureException("whatsapp qr channel timed out", e);
            }
            throw e;
        }
    }

    /**
     * Disconnects and connects again (api.md row 20).
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     */
    public void reconnect(UUID deviceId) {
        requireLease(deviceId);
        withDeviceLock(deviceId, () -> {
            DeviceSession session = sessions.get(deviceId);
            if (session == null) {
                throw new SessionUnavailableException(SessionUnavailableException.NO_CLIENT);
            }
            if (!session.paired()) {
                throw new SessionUnavailableException(SessionUnavailableException.NEVER_PAIRED);
            }
            restart(session);
            return null;
        });
    }

    /**
     * Disconnects and connects again, and waits (bounded) for the new login, so the caller's next request finds the
     * device connected rather than still on its way back.
     *
     * @throws WhatsAppFailureException when the new login did not happen in time (the client keeps trying)
     */
    private void restart(DeviceSession session) {
        session.client().disconnect();
        CompletableFuture<Void> loggedIn = session.client().whenConnected();
        session.client().connect();
        calls.await(loggedIn, "reconnect", clientConfig.connectTimeout().plus(clientConfig.requestTimeout()));
    }

    /**
     * Logs the device out of WhatsApp (api.md row 21): unlinks it (up to 30 s; on failure the local state is cleared
     * anyway), sets the status to logged out, and drops the client. No {@code connection.logged_out} event.
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     */
    public void logout(UUID deviceId) {
        requireLease(deviceId);
        withDeviceLock(deviceId, () -> {
            DeviceSession session = sessions.get(deviceId);
            if (session == null) {
                throw new SessionUnavailableException(SessionUnavailableException.NO_CLIENT);
            }
            if (!session.paired()) {
                throw new SessionUnavailableException(SessionUnavailableException.NEVER_PAIRED);
            }
            unlink(session, LOGOUT_TIMEOUT);
            devices.updateStatus(deviceId, DeviceStatus.LOGGED_OUT, clock.instant());
            return null;
        });
    }

    /**
     * Ends everything the device had (its deletion): a paired session is logged out of WhatsApp (unlinked at the
     * phone), the client stops and the protocol store is deleted. A device whose client is not connected (stopped,
     * between retries, or not in memory because its restore failed) is connected for the logout. The wait for
     * WhatsApp is bounded: at most 10 s to log in plus 10 s for the logout's answer, so 20 s in all. When WhatsApp
     * cannot be reached within that, the local state is deleted anyway and a warning logged: the companion may then
     * stay listed at the phone until removed there. Never fails for lack of a session.
     */
    public void discard(UUID deviceId) {
        requireLease(deviceId);
        withDeviceLock(deviceId, () -> {
            DeviceSession session = sessions.get(deviceId);
            if (session != null && session.paired() && session.client().state() == ClientState.CONNECTED) {
                unlink(session, DISCARD_LOGOUT_TIMEOUT);
            } else {
                if (session != null) {
                    session.client().close();
                    sessions.remove(deviceId, session);
                }
                DeviceStore store = stores.open(deviceId);
                if (store.pairedDevice().isPresent()) {
                    logOutOffline(deviceId, store);
                }
            }
            stores.open(deviceId).clear();
            return null;
        });
        locks.remove(deviceId);
    }

    /**
     * Logs out a paired device that has no connected client, with a client of its own that serves only this: it
     * carries no session listener, so the short login announces nothing and changes no status of a device that is
     * going away.
     */
    private void logOutOffline(UUID deviceId, DeviceStore store) {
        WaClient client = new WaClient(configFor(deviceId), runtime, store);
        try {
            AttemptOutcome outcome = ConnectAttempt.start(client, calls).await(DISCARD_CONNECT_TIMEOUT);
            switch (outcome) {
                case AttemptOutcome.Connected connected ->
                        calls.await(client.logout(), "log out", DISCARD_LOGOUT_TIMEOUT);
                case AttemptOutcome.LoggedOut loggedOut ->
                        log.info("device {}: already unlinked at WhatsApp ({})", deviceId, loggedOut.reason());
                case AttemptOutcome.Failed failed -> log.warn("device {}: WhatsApp not reached within {} s to log it "
                        + "out ({}); deleting it locally, it may stay linked at the phone", deviceId,
                        DISCARD_CONNECT_TIMEOUT.toSeconds(), failed.reason());
                case AttemptOutcome.Replaced replaced -> log.warn("device {}: another connection holds its session; "
                        + "deleting it locally without a logout", deviceId);
            }
        } catch (GatewayException e) {
            log.warn("device {}: the logout did not complete ({}); deleting it locally, it may stay linked at the "
                    + "phone", deviceId, e.getMessage());
        } finally {
            client.close();
        }
    }

    private void unlink(DeviceSession session, Duration timeout) {
        session.logoutRequested();
        try {
            calls.await(session.client().logout(), "log out", timeout);
        } catch (GatewayException e) {
            log.info("device {}: logout did not complete ({}); clearing its state locally", session.deviceId(),
                    e.getMessage());
        } finally {
            session.client().close();
            session.store().clear();
            sessions.remove(session.deviceId(), session);
        }
    }

    /**
     * Restores every paired device at boot (api.md §8.8); see {@link SessionRestore#restoreAll()}.
     */
    public RestoreReport restoreAll() {
        return restore.restoreAll();
    }

    /** One attempt, under the device's lock until the client started; the wait for its outcome is outside it. */
    AttemptOutcome restoreAttempt(Device device) {
        ConnectAttempt attempt;
        ReentrantLock lock = lockOf(device.id());
        lock.lock();
        try {
            if (!ownership.holds(device.id())) {
                return new AttemptOutcome.LoggedOut("its lease is no longer held by this node");
            }
            DeviceSession session = sessions.get(device.id());
            if (session == null) {
                DeviceStore store = stores.open(device.id());
                if (store.pairedDevice().isEmpty()) {
                    devices.updateStatus(device.id(), DeviceStatus.LOGGED_OUT, clock.instant());
                    return new AttemptOutcome.LoggedOut("no session in the store");
                }
                session = open(device.id(), store);
            } else if (!session.paired()) {
                return new AttemptOutcome.LoggedOut("a new login replaced the stored session");
            }
            attempt = ConnectAttempt.start(session.client(), calls);
        } finally {
            lock.unlock();
        }
        return attempt.await(attemptTimeout());
    }

    /** How long one attempt may take: dialling and the handshake, then the login's answer. */
    private Duration attemptTimeout() {
        return clientConfig.connectTimeout().plus(clientConfig.requestTimeout());
    }

    /**
     * Reconnects every listed device that is not healthy (api.md row 5): never paired → skipped; healthy → already
     * connected; otherwise connect and wait for the login.
     */
    public List<ReconnectOutcome> reconnectAll(List<Device> targets) {
        return restore.reconnectAll(targets);
    }

    /** Reconnects one device for {@link #reconnectAll} unless it is healthy or never paired. */
    ReconnectOutcome reconnectOne(Device device) {
        if (!device.everPaired()) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.SKIPPED,
                    Optional.of("Device never logged in"));
        }
        if (liveStatus(device.id()).healthy()) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.ALREADY_CONNECTED, Optional.empty());
        }
        if (!ownership.acquire(device.id())) {
            return new ReconnectOutcome(device, ReconnectOutcome.Result.SKIPPED,
                    Optional.of("runs on another gateway node"));
        }
        ConnectAttempt attempt = withDeviceLock(device.id(), () -> {
            DeviceSession session = sessions.get(device.id());
            if (session == null) {
                DeviceStore store = stores.open(device.id());
                if (store.pairedDevice().isEmpty()) {
                    throw new SessionUnavailableException(SessionUnavailableException.NEVER_PAIRED);
                }
                session = open(device.id(), store);
            } else {
                session.client().disconnect(); // one attempt now, not the next of its own retries
            }
            return ConnectAttempt.start(session.client(), calls);
        });
        return switch (attempt.await(attemptTimeout())) {
            case AttemptOutcome.Connected connected ->
                    new ReconnectOutcome(device, ReconnectOutcome.Result.RECONNECTED, Optional.empty());
            case AttemptOutcome.Failed failed -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("not connected: " + failed.reason()));
            case AttemptOutcome.LoggedOut loggedOut -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("logged out: " + loggedOut.reason()));
            case AttemptOutcome.Replaced replaced -> new ReconnectOutcome(device, ReconnectOutcome.Result.FAILED,
                    Optional.of("replaced by another connection"));
        };
    }

    /**
     * The periodic recovery (api.md §8.8): every device that paired and was not logged out gets a running client —
     * clients in memory that stopped are started again, missing ones are restored from their store, and devices whose
     * store has no session any more are marked logged out. Returns without waiting for the logins.
     *
     * @return how many clients were (re)started
     */
    public int recover() {
        int started = 0;
        for (Device device : devices.listRestorable()) {
            if (!ownership.holds(device.id())) {
                continue; // another node runs it
            }
            ReentrantLock lock = lockOf(device.id());
            lock.lock();
            try {
                DeviceSession session = sessions.get(device.id());
                if (session == null) {
                    DeviceStore store = stores.open(device.id());
                    if (store.pairedDevice().isEmpty()) {
                        devices.updateStatus(device.id(), DeviceStatus.LOGGED_OUT, clock.instant());
                        continue;
                    }
                    session = open(device.id(), store);
                }
                ClientState state = session.client().state();
                if (state == ClientState.DISCONNECTED) {
                    session.client().connect(); // a no-op for a client already between its own retries
                    started++;
                }
            } catch (RuntimeException e) {
                log.warn("device {}: recovery failed: {}", device.id(), e.getMessage());
            } finally {
                lock.unlock();
            }
        }
        return started;
    }

    /**
     * Restores the sessions of devices this node just took the leases of, as the boot restore does (jitter, bounded
     * concurrency, retries); devices among them that cannot run are skipped. Returns when each has its outcome.
     */
    public RestoreReport restoreHeld(Set<UUID> deviceIds) {
        return restore.restore(devices.listRestorable().stream().filter(d -> deviceIds.contains(d.id())).toList());
    }

    /**
     * Stops the device's client at once and forgets it, keeping its stored credentials: its lease was lost or is
     * being given up, so another node may run it next.
     */
    public void stop(UUID deviceId) {
        withDeviceLock(deviceId, () -> {
            DeviceSession session = sessions.remove(deviceId);
            if (session != null) {
                session.client().close();
            }
            return null;
        });
    }

    /**
     * Which devices this node may run (wired once at start, before the first restore): the lease keeper's.
     */
    public void useOwnership(SessionOwnership leases) {
        this.ownership = leases;
    }

    /**
     * Takes the device's lease for this node before work on its session (a deletion checks it before anything else).
     *
     * @throws HandOverException another node holds it
     */
    public void requireLease(UUID deviceId) {
        if (!ownership.acquire(deviceId)) {
            throw new HandOverException("the device runs on another gateway node; try again", 2);
        }
    }

    /**
     * What happens to the files of incoming messages, from the next session opened on (wired once at start, after
     * the media services that need {@link #calls()}).
     */
    public void useIncomingMedia(IncomingMedia media) {
        this.incomingMedia = media;
    }

    /**
     * Where the chats' disappearing timers that contacts and our other devices set are noted, from the next session
     * opened on (wired once at start, shared with the sends that apply them).
     */
    public void useDisappearingTimers(DisappearingTimers shared) {
        this.timers = shared;
    }

    /**
     * What marks received messages read by itself ({@code WHATSAPP_AUTO_MARK_READ}), from the next session opened
     * on (wired once at start: it sends through the messaging service, which needs this manager first).
     */
    public void useAutoMarkRead(AutoMarkRead marker) {
        this.autoRead = marker;
    }

    /**
     * Whether the {@code appstate.*} events are emitted ({@code WHATSAPP_APPSTATE_WEBHOOK_ENABLED}), from the next
     * session opened on (wired once at start).
     */
    public void useAppStateEvents(boolean enabled) {
        this.appStateEvents = enabled;
    }

    /** How many devices are connected and logged in now. */
    public int healthySessions() {
        return (int) sessions.values().stream().filter(s -> statusOf(s).healthy()).count();
    }

    /**
     * Which proxy each device's clients use (its own, else the global one), from the next client made on (wired
     * once at start).
     */
    public void useProxies(Function<UUID, Optional<ProxySettings>> perDevice) {
        this.proxies = perDevice;
    }

    /**
     * The device's proxy changed (api.md §6.1): its client is stopped, and a paired device gets a new, idle one
     * made with the new proxy, which its next connect (the reconnect route, the periodic recovery) uses. A login in
     * progress ends; it is started again through the new proxy.
     */
    public void proxyChanged(UUID deviceId) {
        withDeviceLock(deviceId, () -> {
            DeviceSession session = sessions.get(deviceId);
            if (session != null) {
                session.client().close();
                sessions.remove(deviceId, session);
                if (session.paired()) {
                    open(deviceId, session.store());
                }
            }
            return null;
        });
    }

    private WaClientConfig configFor(UUID deviceId) {
        return clientConfig.toBuilder().proxy(proxies.apply(deviceId)).build();
    }

    private DeviceSession open(UUID deviceId, DeviceStore store) {
        WaClient client = new WaClient(configFor(deviceId), runtime, store);
        DeviceSession session = new DeviceSession(deviceId, client, store);
        client.addListener(new LoggedDeviceEvents(deviceId, new DeviceEvents(session, recorder, runtime.scheduler(),
                ended -> sessions.remove(ended.deviceId(), ended), closing::get, incomingMedia, timers, autoRead,
                appStateEvents, receiptWriter)));
        DeviceSession previous = sessions.put(deviceId, session);
        if (previous != null) {
            previous.client().close();
        }
        return session;
    }

    private <T> T withDeviceLock(UUID deviceId, Supplier<T> work) {
        ReentrantLock lock = lockOf(deviceId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(UUID deviceId) {
        return locks.computeIfAbsent(deviceId, id -> new ReentrantLock());
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** Stops every client (credentials are kept; the next boot restores them). */
    @Override
    public void close() {
        closing.set(true);
        restore.close();
        sessions.values().forEach(session -> session.client().close());
        sessions.clear();
        receiptWriter.close();
    }
}
