package dev.wagateway.core.session;

import dev.wagateway.core.error.SessionUnavailableException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.client.WaClient;

import java.time.Duration;
import java.util.UUID;

/**
 * A device's reconnect as api.md row 20 reports it: the session is restarted and the answer waits (a bounded time)
 * for the login, so success means connected and a connection that does not come back is an error.
 */
public final class DeviceReconnect {

    private final SessionManager sessions;
    private final Duration loginWait;

    /** @param loginWait how long to wait for the new login (one connection attempt's timeouts) */
    public DeviceReconnect(SessionManager sessions, Duration loginWait) {
        this.sessions = sessions;
        this.loginWait = loginWait;
    }

    /**
     * Disconnects and connects the device again, and returns once it is logged in.
     *
     * @throws SessionUnavailableException no client in memory, or never paired
     * @throws WhatsAppFailureException    the login did not complete within the wait (the client keeps trying)
     */
    public void reconnect(UUID deviceId) {
        sessions.reconnect(deviceId);
        // The restart closed the old connection synchronously, so this waits for the new login, not the old one.
        WaClient client = sessions.client(deviceId)
                .orElseThrow(() -> new SessionUnavailableException(SessionUnavailableException.NO_CLIENT));
        sessions.calls().await(client.whenConnected(), "reconnect", loginWait);
    }
}
