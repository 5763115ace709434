package dev.wagateway.app.wiring;

import dev.wagateway.core.node.LeasedSessions;
import dev.wagateway.core.session.SessionManager;

import java.util.Set;
import java.util.UUID;

/**
 * The lease keeper's view of the session manager. Bound once, after both are built: the manager opens the fenced
 * stores through the keeper's leases, and the keeper starts and stops the manager's sessions.
 */
final class ManagedSessions implements LeasedSessions {

    private volatile SessionManager sessions;

    void bind(SessionManager manager) {
        this.sessions = manager;
    }

    @Override
    public void start(Set<UUID> deviceIds) {
        if (!deviceIds.isEmpty()) {
            sessions.restoreHeld(deviceIds);
        }
    }

    @Override
    public void stop(UUID deviceId) {
        sessions.stop(deviceId);
    }
}
