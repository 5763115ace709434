package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceCounts;
import dev.wagateway.core.device.DeviceListing;
import dev.wagateway.core.device.DeviceRepository;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Devices in {@code devices}; the device secret is stored only as its hash. */
public final class PostgresDeviceRepository implements DeviceRepository {

    private static final String COLUMNS = "d.device_id, d.api_key_id, d.device_secret_hash, d.device_name,"
            + " d.whatsmeow_jid, d.status, d.jwt_version, d.created_at, d.last_active_at";
    private static final RowMapper<Device> MAPPER = (rs, ctx) -> new Device(rs.getObject("device_id", UUID.class),
            rs.getLong("api_key_id"), SecretHash.fromBytes(rs.getBytes("device_secret_hash")),
            rs.getString("device_name"), rs.getInt("jwt_version"), Rows.optionalString(rs, "whatsmeow_jid"),
            DeviceStatus.fromWireName(rs.getString("status")), Rows.instant(rs, "created_at"),
            Rows.optionalInstant(rs, "last_active_at"));

    private final HandleSource handles;

    PostgresDeviceRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public boolean insertWithinLimit(Device device, int maxDevices) {
        return handles.with(h -> h.inTransaction(tx -> {
            // Locking the key row serialises concurrent creations for one key, so the count stays true.
            Optional<Integer> locked = tx.createQuery("select id from api_keys where id = :k for update")
                    .bind("k", device.apiKeyId()).mapTo(Integer.class).findOne();
            if (locked.isEmpty()) {
                return false;
            }
            long count = tx.createQuery("select count(*) from devices where api_key_id = :k")
                    .bind("k", device.apiKeyId()).mapTo(Long.class).one();
            if (count >= maxDevices) {
                return false;
            }
            tx.createUpdate("""
                            insert into devices (device_id, api_key_id, device_secret_hash, device_name, status,
                                jwt_version, created_at)
                            values (:id, :key, :hash, :name, :status, :version, :created)""")
                    .bind("id", device.id()).bind("key", device.apiKeyId()).bind("hash", device.secretHash().bytes())
                    .bind("name", device.name()).bind("status", device.status().wireName())
                    .bind("version", device.jwtVersion()).bind("created", Rows.timestamp(device.createdAt()))
                    .execute();
            return true;
        }));
    }

    @Override
    public Optional<Device> find(UUID id) {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " from devices d where d.device_id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public List<Device> listByApiKey(long apiKeyId) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from devices d where d.api_key_id = :k order by d.created_at desc, d.device_id")
                .bind("k", apiKeyId).map(MAPPER).list());
    }

    @Override
    public List<DeviceListing> listAll() {
        return handles.with(h -> h.createQuery("select " + COLUMNS + """
                        , k.customer_name from devices d join api_keys k on k.id = d.api_key_id
                        order by d.created_at desc, d.device_id""")
                .map((rs, ctx) -> new DeviceListing(MAPPER.map(rs, ctx), rs.getString("customer_name"))).list());
    }

    @Override
    public List<Device> listRestorable() {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " " + """
                        from devices d join api_keys k on k.id = d.api_key_id
                        where d.whatsmeow_jid is not null and d.status <> 'logged_out' and k.is_active
                        order by d.created_at""")
                .map(MAPPER).list());
    }

    @Override
    public OptionalInt incrementJwtVersion(UUID id, Instant now) {
        Optional<Integer> version = handles.with(h -> h.createQuery("""
                        update devices set jwt_version = jwt_version + 1, last_active_at = :now
                        where device_id = :id returning jwt_version""")
                .bind("id", id).bind("now", Rows.timestamp(now)).mapTo(Integer.class).findOne());
        return version.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    @Override
    public boolean updateStatus(UUID id, DeviceStatus status, Instant now) {
        return handles.with(h -> h.createUpdate(
                        "update devices set status = :status, last_active_at = :now where device_id = :id")
                .bind("id", id).bind("status", status.wireName()).bind("now", Rows.timestamp(now)).execute() == 1);
    }

    @Override
    public boolean recordPaired(UUID id, String jid, Instant now) {
        return handles.with(h -> h.inTransaction(tx -> {
            tx.createUpdate("update devices set whatsmeow_jid = null where whatsmeow_jid = :jid and device_id <> :id")
                    .bind("jid", jid).bind("id", id).execute();
            return tx.createUpdate("""
                            update devices set whatsmeow_jid = :jid, status = 'active', last_active_at = :now
                            where device_id = :id""")
                    .bind("jid", jid).bind("id", id).bind("now", Rows.timestamp(now)).execute() == 1;
        }));
    }

    @Override
    public boolean delete(UUID id) {
        return handles.with(h -> h.createUpdate("delete from devices where device_id = :id").bind("id", id)
                .execute() == 1);
    }

    @Override
    public DeviceCounts counts() {
        return handles.with(h -> h.createQuery("""
                        select count(*) as total,
                               count(*) filter (where status = 'active') as active,
                               count(*) filter (where status = 'disconnected') as disconnected,
                               count(*) filter (where status = 'pending') as pending,
                               count(*) filter (where status = 'logged_out') as logged_out
                        from devices""")
                .map((rs, ctx) -> new DeviceCounts(rs.getLong("total"), rs.getLong("active"),
                        rs.getLong("disconnected"), rs.getLong("pending"), rs.getLong("logged_out"))).one());
    }
}
