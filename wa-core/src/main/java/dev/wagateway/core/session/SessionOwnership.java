package dev.wagateway.core.session;

import java.util.UUID;

/**
 * Which devices this node may run a session for (their leases, docs/scale-out.md). The session manager opens a
 * client only for a device held here, and takes the lease first for work that creates one (a login, a reconnect, a
 * deletion).
 */
public interface SessionOwnership {

    /** Every device, always: a manager used on its own (tests) before the lease keeper is wired. */
    SessionOwnership EVERY_DEVICE = new SessionOwnership() {
        @Override
        public boolean holds(UUID deviceId) {
            return true;
        }

        @Override
        public boolean acquire(UUID deviceId) {
            return true;
        }
    };

    /** Whether this node holds the device's lease now. */
    boolean holds(UUID deviceId);

    /** Takes the device's lease for this node unless another node holds it; true when held here afterwards. */
    boolean acquire(UUID deviceId);
}
