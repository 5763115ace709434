package dev.wagateway.persistence.gateway;

import dev.wagateway.core.event.EventLogRepository;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.event.StoredEvent;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The event log in {@code wa_events}. */
final class PostgresEventLogRepository implements EventLogRepository {

    private static final RowMapper<StoredEvent> MAPPER = (rs, ctx) -> new StoredEvent(rs.getLong("id"),
            rs.getObject("device_id", UUID.class), rs.getString("event_type"), rs.getString("payload"),
            Rows.instant(rs, "created_at"));

    private final HandleSource handles;

    PostgresEventLogRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public long append(GatewayEvent event) {
        return handles.with(h -> h.createQuery("""
                        insert into wa_events (device_id, event_type, payload, created_at)
                        values (:device, :type, :payload, :at) returning id""")
                .bind("device", event.deviceId()).bind("type", event.type()).bind("payload", event.toJson())
                .bind("at", Rows.timestamp(event.timestamp())).mapTo(Long.class).one());
    }

    /** One JDBC batch: one round trip for all, ids given in the list's order. */
    @Override
    public void appendAll(List<GatewayEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // plain JDBC on the handle's connection (in the receipt writer's transaction): every receipt batch writes
        // here, and JDBI's per-row named bindings cost more CPU than the insert (JFR: docs/benchmarks.md, gwprofile)
        handles.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "insert into wa_events (device_id, event_type, payload, created_at) values (?, ?, ?, ?)")) {
                for (GatewayEvent event : events) {
                    statement.setObject(1, event.deviceId());
                    statement.setString(2, event.type());
                    statement.setString(3, event.toJson());
                    statement.setTimestamp(4, Rows.timestamp(event.timestamp()));
                    if (events.size() > 1) {
                        statement.addBatch();
                    }
                }
                if (events.size() > 1) {
                    statement.executeBatch();
                } else {
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredEvent> after(long afterId, Optional<UUID> deviceId, int limit) {
        return handles.with(h -> deviceId.isPresent()
                ? h.createQuery("""
                        select id, device_id, event_type, payload, created_at from wa_events
                        where device_id = :device and id > :after order by id limit :limit""")
                .bind("device", deviceId.get()).bind("after", afterId).bind("limit", limit).map(MAPPER).list()
                : h.createQuery("""
                        select id, device_id, event_type, payload, created_at from wa_events
                        where id > :after order by id limit :limit""")
                .bind("after", afterId).bind("limit", limit).map(MAPPER).list());
    }

    @Override
    public long lastId() {
        return handles.with(h -> h.createQuery("select coalesce(max(id), 0) from wa_events").mapTo(Long.class).one());
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return handles.with(h -> h.createUpdate("delete from wa_events where created_at < :cutoff")
                .bind("cutoff", Rows.timestamp(cutoff)).execute());
    }
}
