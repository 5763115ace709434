package dev.wagateway.persistence.gateway;

import dev.wagateway.core.node.DeviceLease;
import dev.wagateway.core.node.DeviceLeaseRepository;
import dev.wagateway.core.node.LeaseHolder;
import dev.wagateway.core.node.NodeIdentity;
import dev.wagateway.core.node.NodeStatus;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases in {@code wa_device_leases}, nodes in {@code wa_nodes}. A claim locks the candidate devices' rows with
 * {@code FOR NO KEY UPDATE SKIP LOCKED}, so two nodes claiming at once take different devices, and writes the lease
 * with an upsert whose condition (no lease, or an expired one) is checked again under the row lock: a lease renewed
 * by its holder between the two is never taken over. A take-over locks the lease rows for update before it moves
 * their epoch ({@link #lockForTakeOver}).
 *
 * <p>Not {@code FOR UPDATE}: every row written for a device (a message, an event, a chat) key-share-locks the
 * device's row until its transaction ends (the foreign key's check), and a holder frozen inside such a transaction
 * (SIGSTOP, a long pause: only its store transactions have an idle limit) made every claim skip the device and every
 * acquire wait until it woke. {@code FOR NO KEY UPDATE} does not conflict with those locks, and still with another
 * claim's or acquire's, and with a deletion of the device.
 */
final class PostgresDeviceLeaseRepository implements DeviceLeaseRepository {

    private static final RowMapper<DeviceLease> LEASE = (rs, ctx) -> new DeviceLease(
            rs.getObject("device_id", UUID.class), rs.getString("node_id"), rs.getLong("epoch"),
            Rows.instant(rs, "expires_at"));

    private final HandleSource handles;

    PostgresDeviceLeaseRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public void heartbeat(NodeIdentity node, Instant now) {
        handles.with(h -> h.createUpdate("""
                        insert into wa_nodes (node_id, advertise_url, max_devices, started_at, heartbeat_at)
                        values (:id, :url, :max, :now, :now)
                        on conflict (node_id) do update set advertise_url = excluded.advertise_url,
                            max_devices = excluded.max_devices, heartbeat_at = excluded.heartbeat_at""")
                .bind("id", node.nodeId()).bind("url", node.advertiseUrl()).bind("max", node.maxDevices())
                .bind("now", Rows.timestamp(now)).execute());
    }

    @Override
    public List<DeviceLease> renew(String nodeId, Instant now, Instant until) {
        return handles.with(h -> h.createQuery("""
                        update wa_device_leases set expires_at = :until
                        where node_id = :node and expires_at > :now
                        returning device_id, node_id, epoch, expires_at""")
                .bind("node", nodeId).bind("now", Rows.timestamp(now)).bind("until", Rows.timestamp(until))
                .map(LEASE).list());
    }

    @Override
    public List<DeviceLease> claim(String nodeId, int limit, Instant now, Instant until) {
        if (limit <= 0) {
            return List.of();
        }
        return handles.with(h -> h.inTransaction(tx -> {
            List<UUID> candidates = tx.createQuery("""
                            select d.device_id from devices d
                            join api_keys k on k.id = d.api_key_id
                            left join wa_device_leases l on l.device_id = d.device_id
                            where d.whatsmeow_jid is not null and d.status <> 'logged_out' and k.is_active
                              and (l.device_id is null or l.expires_at <= :now)
                            order by d.created_at, d.device_id
                            limit :limit
                            for no key update of d skip locked""")
                    .bind("limit", limit).bind("now", Rows.timestamp(now)).mapTo(UUID.class).list();
            if (candidates.isEmpty()) {
                return List.<DeviceLease>of();
            }
            lockForTakeOver(tx, candidates);
            return tx.createQuery("""
                            insert into wa_device_leases as l (device_id, node_id, epoch, expires_at)
                            select id, :node, 1, :until from unnest(:ids) id
                            on conflict (device_id) do update set node_id = excluded.node_id,
                                epoch = l.epoch + 1, expires_at = excluded.expires_at
                            where l.expires_at <= :now
                            returning l.device_id, l.node_id, l.epoch, l.expires_at""")
                    .bindArray("ids", UUID.class, candidates).bind("node", nodeId).bind("now", Rows.timestamp(now))
                    .bind("until", Rows.timestamp(until)).map(LEASE).list();
        }));
    }

    /**
     * The fence's other half: store transactions key-share-lock their device's lease row ({@link LeaseFencedStores}),
     * which the holder's renewal (an update of the expiry alone) neither waits for nor blocks; a take-over locks the
     * row for update first, so it waits for every store transaction under way before it moves the epoch. Rows are
     * locked in device order, as any other statement locking several of them must.
     */
    private static void lockForTakeOver(org.jdbi.v3.core.Handle tx, List<UUID> deviceIds) {
        tx.createQuery("""
                        select device_id from wa_device_leases where device_id = any(:ids)
                        order by device_id for update""")
                .bindArray("ids", UUID.class, deviceIds).mapTo(UUID.class).list();
    }

    @Override
    public Optional<DeviceLease> acquire(String nodeId, UUID deviceId, Instant now, Instant until) {
        // the device row is locked first, as a claim does, so an acquire and a claim of the same device take turns
        return handles.with(h -> h.inTransaction(tx -> {
            boolean exists = tx.createQuery("select 1 from devices where device_id = :id for no key update")
                    .bind("id", deviceId).mapTo(Integer.class).findOne().isPresent();
            if (!exists) {
                return Optional.<DeviceLease>empty();
            }
            lockForTakeOver(tx, List.of(deviceId));
            return tx.createQuery("""
                            insert into wa_device_leases as l (device_id, node_id, epoch, expires_at)
                            values (:id, :node, 1, :until)
                            on conflict (device_id) do update set node_id = excluded.node_id,
                                epoch = case when l.node_id = excluded.node_id and l.expires_at > :now
                                             then l.epoch else l.epoch + 1 end,
                                expires_at = excluded.expires_at
                            where l.expires_at <= :now or l.node_id = excluded.node_id
                            returning l.device_id, l.node_id, l.epoch, l.expires_at""")
                    .bind("id", deviceId).bind("node", nodeId).bind("now", Rows.timestamp(now))
                    .bind("until", Rows.timestamp(until)).map(LEASE).findOne();
        }));
    }

    @Override
    public int countLeasable() {
        return handles.with(h -> h.createQuery("""
                        select count(*) from devices d join api_keys k on k.id = d.api_key_id
                        where d.whatsmeow_jid is not null and d.status <> 'logged_out' and k.is_active""")
                .mapTo(Integer.class).one());
    }

    @Override
    public void release(String nodeId, Collection<UUID> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        // The row stays (its epoch must keep growing across hand-overs); it is simply expired now.
        handles.with(h -> h.createUpdate("""
                        update wa_device_leases set expires_at = '-infinity'
                        where node_id = :node and device_id = any(:ids)""")
                .bind("node", nodeId).bindArray("ids", UUID.class, List.copyOf(deviceIds)).execute());
    }

    @Override
    public Optional<DeviceLease> holder(UUID deviceId, Instant now) {
        return handles.with(h -> h.createQuery("""
                        select device_id, node_id, epoch, expires_at from wa_device_leases
                        where device_id = :id and expires_at > :now""")
                .bind("id", deviceId).bind("now", Rows.timestamp(now)).map(LEASE).findOne());
    }

    @Override
    public Optional<LeaseHolder> whoHolds(UUID deviceId) {
        return handles.with(h -> h.createQuery("""
                        select l.device_id, l.node_id, l.epoch, l.expires_at, n.advertise_url, n.heartbeat_at
                        from wa_device_leases l join wa_nodes n on n.node_id = l.node_id
                        where l.device_id = :id""")
                .bind("id", deviceId)
                .map((rs, ctx) -> new LeaseHolder(LEASE.map(rs, ctx), rs.getString("advertise_url"),
                        Rows.instant(rs, "heartbeat_at")))
                .findOne());
    }

    @Override
    public java.util.Map<UUID, String> holders(Instant now) {
        java.util.Map<UUID, String> holders = new java.util.HashMap<>();
        handles.with(h -> h.createQuery("select device_id, node_id from wa_device_leases where expires_at > :now")
                .bind("now", Rows.timestamp(now))
                .map((rs, ctx) -> holders.put(rs.getObject("device_id", UUID.class), rs.getString("node_id")))
                .list());
        return holders;
    }

    @Override
    public List<NodeStatus> nodes(Instant since, Instant now) {
        return handles.with(h -> h.createQuery("""
                        select n.node_id, n.advertise_url, n.max_devices, n.started_at, n.heartbeat_at,
                               (select count(*) from wa_device_leases l
                                where l.node_id = n.node_id and l.expires_at > :now) as held
                        from wa_nodes n where n.heartbeat_at >= :since order by n.node_id""")
                .bind("since", Rows.timestamp(since)).bind("now", Rows.timestamp(now))
                .map((rs, ctx) -> new NodeStatus(new NodeIdentity(rs.getString("node_id"),
                        rs.getString("advertise_url"), rs.getInt("max_devices")), Rows.instant(rs, "started_at"),
                        Rows.instant(rs, "heartbeat_at"), rs.getInt("held")))
                .list());
    }
}
