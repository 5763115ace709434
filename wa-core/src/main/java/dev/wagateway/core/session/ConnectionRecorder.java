package dev.wagateway.core.session;

import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.ClientState;
import dev.wagateway.protocol.event.ConnectFailureReason;
import dev.wagateway.protocol.event.WaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One device's connection lifecycle as the gateway records it: QR codes and pairing, logins, losses, logouts and
 * replacements become the device's stored status and {@code connection.*} events (api.md §7.9, §8.2).
 */
final class ConnectionRecorder {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRecorder.class);

    /** A lost connection not recovered within this time marks the device disconnected (api.md §8.2). */
    static final Duration DISCONNECT_GRACE = Duration.ofSeconds(15);

    private final DeviceSession session;
    private final EventRecorder recorder;
    private final ScheduledExecutorService scheduler;
    private final Consumer<DeviceSession> onEnded;
    private final BooleanSupplier shuttingDown;

    ConnectionRecorder(DeviceSession session, EventRecorder recorder, ScheduledExecutorService scheduler,
                       Consumer<DeviceSession> onEnded, BooleanSupplier shuttingDown) {
        this.session = session;
        this.recorder = recorder;
        this.scheduler = scheduler;
        this.onEnded = onEnded;
        this.shuttingDown = shuttingDown;
    }

    void qr(WaEvent.QrCode qr) {
        session.qrShown(qr.text(), qr.expiresIn(), recorder.clock().instant());
        publish(EventTypes.CONNECTION_QR, Map.of("codes", List.of(qr.text())));
    }

    void paired(WaEvent.PairSuccess paired) {
        recorder.commit(tx -> {
            tx.devices().recordPaired(session.deviceId(), paired.jid().toString(), recorder.clock().instant());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("pair_jid", paired.jid().toString());
            data.put("pair_lid", paired.lid().map(Jid::toString).orElse(""));
            data.put("business_name", paired.businessName());
            data.put("platform", paired.platform());
            return recorder.record(tx, recorder.event(session.deviceId(), paired.jid().user(),
                    EventTypes.CONNECTION_PAIR_SUCCESS, data, ""));
        });
        log.info("device {}: paired as {}", session.deviceId(), paired.jid());
    }

    void pairingFailed(WaEvent.PairFailure failure) {
        session.pairingFailed(failure.reason());
        publish(EventTypes.CONNECTION_PAIR_ERROR, Map.of("error", failure.reason()));
        log.info("device {}: pairing failed: {}", session.deviceId(), failure.reason());
    }

    void connected(WaEvent.Connected connected) {
        recorder.commit(tx -> {
            tx.devices().recordPaired(session.deviceId(), connected.jid().toString(), recorder.clock().instant());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("phone_number", connected.jid().user());
            data.put("push_name", connected.pushName());
            data.put("platform", connected.platform());
            data.put("business_name", connected.businessName());
            data.put("is_logged_in", true);
            data.put("is_connected", true);
            return recorder.record(tx, recorder.event(session.deviceId(), connected.jid().user(),
                    EventTypes.CONNECTION_CONNECTED, data, ""));
        });
        log.info("device {}: connected as {}", session.deviceId(), connected.jid());
    }

    void disconnected(WaEvent.Disconnected disconnected) {
        // api.md §7.9: only a refused login says why
        publish(EventTypes.CONNECTION_DISCONNECTED, disconnected.connectFailure()
                ? Map.of("reason", "connect_failure: " + disconnected.reason()) : Map.of());
        log.info("device {}: disconnected ({}){}", session.deviceId(), disconnected.reason(),
                disconnected.reconnecting() ? ", reconnecting" : "");
        if (session.paired()) {
            scheduleDisconnectedCheck();
        }
    }

    /**
     * A refused login, as whatsmeow's {@code handleConnectFailure} reports it: a temporary ban and an outdated
     * client have events of their own, a logout is told by the {@code LoggedOut} that follows, 500 and 503 pass
     * with a reconnect, and anything else is {@code connection.connect_failure} (api.md §7.9). The refusals that
     * stop the client mark the device disconnected.
     */
    void connectFailure(WaEvent.ConnectFailure failure) {
        ConnectFailureReason reason = failure.reason();
        log.info("device {}: login refused: {} {}", session.deviceId(), reason.name(), failure.message());
        if (reason.loggedOut() || reason.reconnects()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        String type;
        if (reason.temporaryBan()) {
            type = EventTypes.CONNECTION_TEMPORARY_BAN;
            data.put("reason", reason.banCode());
            data.put("expires", reason.banExpires().toNanos());
        } else if (reason.clientOutdated()) {
            // the client refreshes the version and tries once more; the device is marked by what follows
            publish(EventTypes.CONNECTION_CLIENT_OUTDATED, Map.of());
            return;
        } else {
            type = EventTypes.CONNECTION_CONNECT_FAILURE;
            data.put("reason", reason.name());
            data.put("message", failure.message());
        }
        recorder.commit(tx -> {
            tx.devices().updateStatus(session.deviceId(), DeviceStatus.DISCONNECTED, recorder.clock().instant());
            return recorder.record(tx, recorder.event(session.deviceId(), ownPhone(), type, data, ""));
        });
    }

    void keepaliveTimeout(WaEvent.KeepaliveTimeout timeout) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error_count", timeout.errorCount());
        data.put("last_success", timeout.lastSuccess().toString());
        publish(EventTypes.CONNECTION_KEEPALIVE_TIMEOUT, data);
    }

    void keepaliveRestored() {
        publish(EventTypes.CONNECTION_KEEPALIVE_RESTORED, Map.of());
    }

    void loggedOut(WaEvent.LoggedOut loggedOut) {
        recorder.commit(tx -> {
            tx.devices().updateStatus(session.deviceId(), DeviceStatus.LOGGED_OUT, recorder.clock().instant());
            // the credentials are cleared by now: the number comes with the event
            return session.loggingOutOnRequest() ? 0 : recorder.record(tx, recorder.event(session.deviceId(),
                    loggedOut.jid().map(Jid::user).orElse(""), EventTypes.CONNECTION_LOGGED_OUT, Map.of(), ""));
        });
        log.info("device {}: logged out ({})", session.deviceId(), loggedOut.reason());
        onEnded.accept(session);
    }

    void replaced(WaEvent.Replaced replaced) {
        recorder.commit(tx -> {
            tx.devices().updateStatus(session.deviceId(), DeviceStatus.DISCONNECTED, recorder.clock().instant());
            return recorder.record(tx, recorder.event(session.deviceId(), ownPhone(),
                    EventTypes.CONNECTION_STREAM_REPLACED,
                    Map.of("warning", "another connection took over this session"), ""));
        });
        log.info("device {}: replaced by another connection", session.deviceId());
    }

    private void scheduleDisconnectedCheck() {
        scheduler.schedule(() -> Thread.ofVirtual().start(() -> {
            if (shuttingDown.getAsBoolean()) {
                return;
            }
            ClientState state = session.client().state();
            if (state != ClientState.CONNECTED && state != ClientState.LOGGED_OUT) {
                try {
                    recorder.commit(tx -> {
                        tx.devices().updateStatus(session.deviceId(), DeviceStatus.DISCONNECTED,
                                recorder.clock().instant());
                        return 0;
                    });
                } catch (RuntimeException e) {
                    log.warn("device {}: could not record the disconnection", session.deviceId(), e);
                }
            }
        }), DISCONNECT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish(String type, Map<String, Object> data) {
        recorder.publish(recorder.event(session.deviceId(), ownPhone(), type, data, ""));
    }

    private String ownPhone() {
        return session.client().jid().map(Jid::user).orElse("");
    }
}
