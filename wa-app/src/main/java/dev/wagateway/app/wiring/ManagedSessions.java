package dev.wagateway.app.wiring;

import dev.wagateway.core.node.LeasedSessions;
import dev.wagateway.core.session.SessionManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The lease keeper's view of the session manager. Bound once, after both are built: the manager opens the fenced
 * stores through the keeper's leases, and the keeper starts and stops the manager's sessions.
 */
final class ManagedSessions implements LeasedSessions {

    private static final Logger log = LoggerFactory.getLogger(ManagedSessions.class);

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
    public void starting(Set<UUID> deviceIds) {
        sessions.expectRestore(deviceIds);
    }

    @Override
    public void stop(UUID deviceId) {
        sessions.stop(deviceId);
    }

    @Override
    public void handBack(List<UUID> deviceIds, Duration drain) {
        int cut = sessions.handBack(deviceIds, drain);
        if (cut > 0) {
            log.warn("{} call(s) still without an answer after {} ms of drain; their sessions stop anyway", cut,
                    drain.toMillis());
        }
    }
}
