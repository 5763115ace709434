package dev.wagateway.core.session;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.core.event.EventPublisher;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.media.IncomingMedia;
import dev.wagateway.core.message.AutoMarkRead;
import dev.wagateway.core.message.OutgoingMessageLog;
import dev.wagateway.core.presence.DisappearingTimers;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.client.WaClientRuntime;
import dev.wagateway.protocol.proxy.ProxySettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Holds one {@link WaClient} per device: starts, logs in, reconnects, logs out and discards them, restores every
 * paired device at boot, and keeps each device's stored status in line with its client (through the per-feature
 * recorders of {@link DeviceEvents}). Use cases reach a device through {@link #calls()}.
 *
 * <p>The work is split by concern: the logins ({@code SessionLogin}), the ends of a session ({@code
 * SessionRemoval}), the devices this node holds ({@code HeldSessions}, {@link SessionRestore}); the session map and
 * the per-device locks that serialise work on one device (so a login racing a logout cannot leave two clients for
 * one device) are owned by {@code SessionTable}. This class takes the lease where work creates a session.
 */
public final class SessionManager implements AutoCloseable {

    private final DeviceRepository devices;
    private final DeviceCalls calls;
    private final SessionTable table;
    private final SessionLogin login;
    private final SessionRemoval removal;
    private final HeldSessions held;
    private final SessionRestore restore;

    /**
     * @param clientConfig the server, root key and timeouts every client uses
     * @param runtime      shared dialer, timer and random source
     * @param stores       the protocol store of each device
     * @param startup      how to restore devices at boot
     */
    public SessionManager(WaClientConfig clientConfig, WaClientRuntime runtime, ProtocolStoreFactory stores,
                          DeviceRepository devices, UnitOfWork unitOfWork, EventPublisher events,
                          StartupReconnect startup, Clock clock) {
        WaClientConfig config = clientConfig.toBuilder().reconnect(startup.backoffBase(), startup.backoffMax())
                .build();
        this.devices = devices;
        this.table = new SessionTable(config, runtime, new EventRecorder(unitOfWork, events, clock));
        this.calls = new DeviceCalls(this::connectedClient, table.inFlight(), config.requestTimeout());
        this.login = new SessionLogin(table, stores, calls, config, clock);
        this.removal = new SessionRemoval(table, stores, devices, calls, runtime, clock);
        this.held = new HeldSessions(table, stores, devices, calls,
                config.connectTimeout().plus(config.requestTimeout()), clock);
        this.restore = new SessionRestore(held, devices, startup, runtime, clock, table::closing);
    }

    /**
     * Where the sends store their pending rows and the server's acks: the writer of the receipts' rows too, so a
     * send's writes and the receipts of other sends share transactions (group commit).
     */
    public OutgoingMessageLog outgoingMessages() {
        return table.messageRows();
    }

    /** Calls to devices' sessions, waiting at most the client's request timeout unless a call names its own. */
    public DeviceCalls calls() {
        return calls;
    }

    /** The device's client, if one is in memory. */
    public Optional<WaClient> client(UUID deviceId) {
        return Optional.ofNullable(table.get(deviceId)).map(DeviceSession::client);
    }

    /**
     * The device's client, logged in and connected.
     *
     * @throws HandOverException           the device is changing nodes: its session is being handed back or stopped
     *                                     here for another node, or it is being restored after this node took its
     *                                     lease
     * @throws SessionUnavailableException with the contract's reason otherwise
     */
    public WaClient connectedClient(UUID deviceId) {
        if (table.inFlight().draining(deviceId)) {
            // handed back: its calls in flight finish, nothing new starts here (the next holder takes the retry)
            throw new HandOverException("the device is changing gateway nodes; try again", 2);
        }
        DeviceSession session = table.get(deviceId);
        LiveStatus status = session == null ? LiveStatus.NO_CLIENT : SessionTable.statusOf(session);
        if (status.healthy()) {
            return session.client();
        }
        if (table.isHandedOver(deviceId) || restore.restoring(deviceId)) {
            // not the contract's "not connected": the device is between two nodes, and a retry will find it
            throw new HandOverException("the device is changing gateway nodes; try again", 2);
        }
        if (session == null) {
            throw new SessionUnavailableException(SessionUnavailableException.NO_CLIENT);
        }
        throw new SessionUnavailableException(status.error());
    }

    /** What the device's live client says (api.md row 17). */
    public LiveStatus liveStatus(UUID deviceId) {
        return table.liveStatus(deviceId);
    }

    /** The QR code the device is showing now, if it is waiting for a scan. */
    public Optional<LoginStart.Qr> currentQr(UUID deviceId) {
        return login.currentQr(deviceId);
    }

    /**
     * Starts a QR login. An already paired device is reconnected instead; a device waiting for a scan gets its
     * current code; otherwise a fresh registration starts and the first code is returned.
     */
    public LoginStart startQrLogin(UUID deviceId) {
        requireLease(deviceId);
        return login.startQrLogin(deviceId);
    }

    /**
     * Starts a pairing-code login for {@code phone} (international digits). An already paired device is
     * reconnected instead.
     */
    public LoginStart startCodeLogin(UUID deviceId, String phone) {
        requireLease(deviceId);
        return login.startCodeLogin(deviceId, phone);
    }

    /**
     * Disconnects and connects again (api.md row 20), and waits (bounded) for the new login, so the caller's next
     * request finds the device connected rather than still on its way back.
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     * @throws WhatsAppFailureException    when the new login did not happen in time (the client keeps trying)
     */
    public void reconnect(UUID deviceId) {
        requireLease(deviceId);
        login.reconnect(deviceId);
    }

    /**
     * Logs the device out of WhatsApp (api.md row 21): unlinks it (up to 30 s; on failure the local state is cleared
     * anyway), sets the status to logged out, and drops the client. No {@code connection.logged_out} event.
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     */
    public void logout(UUID deviceId) {
        requireLease(deviceId);
        removal.logout(deviceId);
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
        removal.discard(deviceId);
    }

    /**
     * Restores every paired device at boot (api.md §8.8); see {@link SessionRestore#restoreAll()}.
     */
    public RestoreReport restoreAll() {
        return restore.restoreAll();
    }

    /**
     * Reconnects every listed device that is not healthy (api.md row 5): never paired → skipped; healthy → already
     * connected; held by another node → skipped; otherwise connect and wait for the login.
     */
    public List<ReconnectOutcome> reconnectAll(List<Device> targets) {
        return restore.reconnectAll(targets);
    }

    /**
     * The periodic recovery (api.md §8.8): every device held here that paired and was not logged out gets a running
     * client — clients in memory that stopped are started again, missing ones are restored from their store, and
     * devices whose store has no session any more are marked logged out. Returns without waiting for the logins.
     *
     * @return how many clients were (re)started
     */
    public int recover() {
        return held.recover();
    }

    /**
     * Restores the sessions of devices this node just took the leases of, as the boot restore does (jitter, bounded
     * concurrency, retries); devices among them that cannot run are skipped. Returns when each has its outcome.
     */
    public RestoreReport restoreHeld(Set<UUID> deviceIds) {
        restore.expect(deviceIds);
        try {
            return restore.restore(devices.listRestorable().stream().filter(d -> deviceIds.contains(d.id()))
                    .toList());
        } finally {
            restore.unexpect(deviceIds);
        }
    }

    /**
     * Devices whose leases this node is taking, before they count as held and their restore starts
     * ({@link #restoreHeld}): until then a call for one of them is refused as a hand-over (503, a retry finds it
     * up), not as a device without a client (500). Without it, a send in the moment between the lease keeper's
     * claim and the restore's start was answered "WhatsApp Client is not Valid" (a CI run of ThreeNodeScaleTest).
     */
    public void expectRestore(Set<UUID> deviceIds) {
        restore.expect(deviceIds);
    }

    /**
     * Stops the device's client at once and forgets it, keeping its stored credentials: its lease was lost, so
     * another node may run it already.
     */
    public void stop(UUID deviceId) {
        held.stop(deviceId);
    }

    /**
     * Stops the sessions of devices whose leases this node gives back (rebalancing, a clean stop), drained first:
     * new calls for them are refused at once as a hand-over (503 with {@code Retry-After}), and the calls in flight
     * (a send waiting for its ack) get their answer, waiting at most {@code drain} for all of them together; then
     * each session stops as {@link #stop} does.
     *
     * @return how many calls were still in flight when the sessions stopped
     */
    public int handBack(Collection<UUID> deviceIds, Duration drain) {
        int cut = table.inFlight().drain(deviceIds, drain);
        held.stopEach(deviceIds);
        return cut;
    }

    /**
     * Which devices this node may run (wired once at start, before the first restore): the lease keeper's.
     */
    public void useOwnership(SessionOwnership leases) {
        table.useOwnership(leases);
    }

    /**
     * Takes the device's lease for this node before work on its session (a deletion checks it before anything else).
     *
     * @throws HandOverException another node holds it
     */
    public void requireLease(UUID deviceId) {
        if (!table.ownership().acquire(deviceId)) {
            throw new HandOverException("the device runs on another gateway node; try again", 2);
        }
    }

    /**
     * What happens to the files of incoming messages, from the next session opened on (wired once at start, after
     * the media services that need {@link #calls()}).
     */
    public void useIncomingMedia(IncomingMedia media) {
        table.useIncomingMedia(media);
    }

    /**
     * Where the chats' disappearing timers that contacts and our other devices set are noted, from the next session
     * opened on (wired once at start, shared with the sends that apply them).
     */
    public void useDisappearingTimers(DisappearingTimers shared) {
        table.useDisappearingTimers(shared);
    }

    /**
     * What marks received messages read by itself ({@code WHATSAPP_AUTO_MARK_READ}), from the next session opened
     * on (wired once at start: it sends through the messaging service, which needs this manager first).
     */
    public void useAutoMarkRead(AutoMarkRead marker) {
        table.useAutoMarkRead(marker);
    }

    /**
     * Whether the {@code appstate.*} events are emitted ({@code WHATSAPP_APPSTATE_WEBHOOK_ENABLED}), from the next
     * session opened on (wired once at start).
     */
    public void useAppStateEvents(boolean enabled) {
        table.useAppStateEvents(enabled);
    }

    /** How many devices are connected and logged in now. */
    public int healthySessions() {
        return table.healthyCount();
    }

    /**
     * Which proxy each device's clients use (its own, else the global one), from the next client made on (wired
     * once at start).
     */
    public void useProxies(Function<UUID, Optional<ProxySettings>> perDevice) {
        table.useProxies(perDevice);
    }

    /**
     * The device's proxy changed (api.md §6.1): its client is stopped, and a paired device gets a new, idle one
     * made with the new proxy, which its next connect (the reconnect route, the periodic recovery) uses. A login in
     * progress ends; it is started again through the new proxy.
     */
    public void proxyChanged(UUID deviceId) {
        table.withDeviceLock(deviceId, () -> {
            DeviceSession session = table.get(deviceId);
            if (session != null) {
                session.client().close();
                table.remove(deviceId, session);
                if (session.paired()) {
                    table.open(deviceId, session.store());
                }
            }
            return null;
        });
    }

    /** Stops every client (credentials are kept; the next boot restores them). */
    @Override
    public void close() {
        table.markClosing();
        restore.close();
        table.stopAll();
    }
}
