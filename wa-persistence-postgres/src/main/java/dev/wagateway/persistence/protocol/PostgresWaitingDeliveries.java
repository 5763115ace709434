package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.WaitingDeliveries;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/** A device's deliveries waiting for recipient devices' keys, in PostgreSQL ({@code wa_waiting_deliveries}). */
final class PostgresWaitingDeliveries implements WaitingDeliveries {

    private final Jdbi jdbi;
    private final String deviceKey;

    PostgresWaitingDeliveries(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public void keep(Entry entry) {
        jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_waiting_deliveries (device_key, device, message_id, chat, message, since_ms)
                values (:k, :d, :i, :c, :m, :s)
                on conflict (device_key, device, message_id) do update set chat = excluded.chat,
                    message = excluded.message, since_ms = excluded.since_ms""")
                .bind("k", deviceKey).bind("d", entry.device().toString()).bind("i", entry.id())
                .bind("c", entry.chat().toString()).bind("m", entry.message())
                .bind("s", entry.since().toEpochMilli()).execute());
    }

    @Override
    public void forget(Jid device, String id) {
        jdbi.useHandle(h -> h.createUpdate("""
                delete from wa_waiting_deliveries where device_key = :k and device = :d and message_id = :i""")
                .bind("k", deviceKey).bind("d", device.toString()).bind("i", id).execute());
    }

    @Override
    public List<Entry> all() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select device, message_id, chat, message, since_ms from wa_waiting_deliveries
                        where device_key = :k order by seq""")
                .bind("k", deviceKey)
                .map((rs, ctx) -> new Entry(Jid.parse(rs.getString("device")), rs.getString("message_id"),
                        Jid.parse(rs.getString("chat")), rs.getBytes("message"),
                        Instant.ofEpochMilli(rs.getLong("since_ms"))))
                .list());
    }
}
