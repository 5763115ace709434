package dev.wagateway.persistence.gateway;

import dev.wagateway.core.node.DeviceLease;
import dev.wagateway.core.session.ProtocolStoreFactory;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.protocol.PostgresDeviceStore;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.StoreFencedException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleCallbackDecorator;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Protocol stores fenced by the node's lease (docs/scale-out.md): every read and write of a device's store runs in a
 * transaction that first finds the device's lease row still naming this node and the epoch the store was opened with,
 * and keeps that row key-share-locked until the commit. Another node's take-over locks that row for update, so it
 * waits for a store transaction under way and then changes the epoch: from then on each access of the old store
 * fails with {@link StoreFencedException} before touching anything. A node paused past its lease therefore writes
 * no protocol state after it wakes, and (the message receiver acknowledging only after its buffer write)
 * acknowledges nothing.
 */
final class LeaseFencedStores implements ProtocolStoreFactory {

    /**
     * One round trip: the idle limit of this transaction, and the lease row key-share-locked to its end. A key share
     * lock, not a share lock: the holder's renewal every few seconds updates the expiry of all its leases in one
     * statement, which a share lock would make wait for every store transaction under way, and every store
     * transaction of the node wait for it in turn (its row locks are held to its commit); a key share lock conflicts
     * only with the take-over's explicit {@code FOR UPDATE} (PostgresDeviceLeaseRepository), as the fence needs.
     */
    static final String FENCE = """
            select 1 from wa_device_leases l,
                set_config('idle_in_transaction_session_timeout', :idle, true) idle
            where l.device_id = :id and l.node_id = :node and l.epoch = :epoch for key share of l""";

    private final PostgresDatabase database;
    private final Function<UUID, Optional<DeviceLease>> leases;
    private final long idleLimitMillis;

    /**
     * @param leases    this node's lease of a device, if it holds one (the lease keeper's)
     * @param idleLimit how long a store transaction may sit idle before PostgreSQL ends it: a node frozen inside one
     *                  (SIGSTOP, a long GC pause) would otherwise hold the lease row's share lock, and with it every
     *                  other node's take-over, until it wakes
     */
    LeaseFencedStores(PostgresDatabase database, Function<UUID, Optional<DeviceLease>> leases,
                      java.time.Duration idleLimit) {
        this.database = database;
        this.leases = leases;
        this.idleLimitMillis = Math.max(100, idleLimit.toMillis());
    }

    @Override
    public DeviceStore open(UUID deviceId) {
        var jdbi = database.separateJdbi();
        jdbi.setHandleCallbackDecorator(new Fence(deviceId, leases.apply(deviceId), idleLimitMillis));
        return new PostgresDeviceStore(jdbi, deviceId.toString());
    }

    private record Fence(UUID deviceId, Optional<DeviceLease> lease, long idleLimitMillis)
            implements HandleCallbackDecorator {

        @Override
        public <R, X extends Exception> HandleCallback<R, X> decorate(HandleCallback<R, X> callback) {
            return handle -> {
                if (handle.isInTransaction()) {
                    check(handle);
                    return callback.withHandle(handle);
                }
                return handle.inTransaction(tx -> {
                    check(tx);
                    return callback.withHandle(tx);
                });
            };
        }

        private void check(Handle handle) {
            if (lease.isEmpty()) {
                throw new StoreFencedException("device " + deviceId + " is not leased to this node");
            }
            boolean held = handle.createQuery(FENCE)
                    .bind("idle", Long.toString(idleLimitMillis)).bind("id", deviceId)
                    .bind("node", lease.get().nodeId()).bind("epoch", lease.get().epoch())
                    .mapTo(Integer.class).findOne().isPresent();
            if (!held) {
                throw new StoreFencedException("device " + deviceId + " was taken over by another node (epoch "
                        + lease.get().epoch() + " is over)");
            }
        }
    }
}
