package dev.wagateway.core.session;

import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.store.DeviceStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The logins of the {@link SessionManager}: QR and pairing-code logins (a paired device is reconnected instead) and
 * the reconnect of a paired device. The caller has taken the device's lease; each checks again under the device's
 * lock that it still holds it (a give-back may have come between).
 */
final class SessionLogin {

    private final SessionTable table;
    private final ProtocolStoreFactory stores;
    private final DeviceCalls calls;
    private final WaClientConfig clientConfig;
    private final Clock clock;

    SessionLogin(SessionTable table, ProtocolStoreFactory stores, DeviceCalls calls, WaClientConfig clientConfig,
                 Clock clock) {
        this.table = table;
        this.stores = stores;
        this.calls = calls;
        this.clientConfig = clientConfig;
        this.clock = clock;
    }

    Optional<LoginStart.Qr> currentQr(UUID deviceId) {
        DeviceSession session = table.get(deviceId);
        if (session == null || session.paired()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return session.currentQr(now).map(qr -> new LoginStart.Qr(qr.text(),
                positive(Duration.between(now, qr.expiresAt()))));
    }

    LoginStart startQrLogin(UUID deviceId) {
        return table.withDeviceLock(deviceId, () -> {
            table.requireHeldUnderLock(deviceId);
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

    LoginStart startCodeLogin(UUID deviceId, String phone) {
        return table.withDeviceLock(deviceId, () -> {
            table.requireHeldUnderLock(deviceId);
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

    void reconnect(UUID deviceId) {
        table.withDeviceLock(deviceId, () -> {
            table.requireHeldUnderLock(deviceId);
            DeviceSession session = table.requirePaired(deviceId);
            restart(session);
            return null;
        });
    }

    /** The session to pair, or null after reconnecting a device that is already paired. */
    private DeviceSession unpairedSession(UUID deviceId) {
        DeviceSession existing = table.get(deviceId);
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
                DeviceSession restored = table.open(deviceId, store);
                CompletableFuture<Void> loggedIn = restored.client().whenConnected();
                restored.client().connect();
                calls.await(loggedIn, "reconnect", clientConfig.connectTimeout().plus(clientConfig.requestTimeout()));
                return null;
            }
        }
        if (existing != null) {
            existing.client().close();
            table.remove(deviceId, existing);
        }
        DeviceStore store = stores.open(deviceId);
        store.clear(); // a fresh identity for each new pairing attempt
        DeviceSession fresh = table.open(deviceId, store);
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

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
