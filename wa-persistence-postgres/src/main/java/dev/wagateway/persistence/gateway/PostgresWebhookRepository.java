package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookCounts;
import dev.wagateway.core.webhook.WebhookRepository;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Webhooks in {@code wa_webhooks}; the event filter is a JSON array ({@code []} = all events). */
public final class PostgresWebhookRepository implements WebhookRepository {

    private static final String COLUMNS = "w.id, w.device_id, w.url, w.secret, w.active, w.created_at, w.updated_at,"
            + " array(select jsonb_array_elements_text(w.events)) as event_list";
    private static final RowMapper<Webhook> MAPPER = (rs, ctx) -> {
        Array events = rs.getArray("event_list");
        return new Webhook(rs.getLong("id"), rs.getObject("device_id", UUID.class), rs.getString("url"),
                rs.getString("secret"), List.of((String[]) events.getArray()), rs.getBoolean("active"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    private final HandleSource handles;

    PostgresWebhookRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public Optional<Webhook> insertWithinLimit(UUID deviceId, String url, String secret, List<String> events,
                                               Instant now, int maxPerDevice) {
        return handles.with(h -> h.inTransaction(tx -> {
            // Locking the device row serialises concurrent creations for one device.
            if (tx.createQuery("select 1 from devices where device_id = :d for update").bind("d", deviceId)
                    .mapTo(Integer.class).findOne().isEmpty()) {
                return Optional.<Webhook>empty();
            }
            long count = tx.createQuery("select count(*) from wa_webhooks where device_id = :d")
                    .bind("d", deviceId).mapTo(Long.class).one();
            if (count >= maxPerDevice) {
                return Optional.<Webhook>empty();
            }
            return Optional.of(tx.createQuery("""
                            insert into wa_webhooks as w (device_id, url, secret, events, active, created_at, updated_at)
                            values (:d, :url, :secret, to_jsonb(cast(:events as text[])), true, :now, :now)
                            returning""" + " " + COLUMNS)
                    .bind("d", deviceId).bind("url", url).bind("secret", secret)
                    .bindArray("events", String.class, events).bind("now", Rows.timestamp(now))
                    .map(MAPPER).one());
        }));
    }

    @Override
    public List<Webhook> listByDevice(UUID deviceId) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhooks w where w.device_id = :d order by w.id")
                .bind("d", deviceId).map(MAPPER).list());
    }

    @Override
    public List<Webhook> activeByDevice(UUID deviceId) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhooks w where w.device_id = :d and w.active order by w.id")
                .bind("d", deviceId).map(MAPPER).list());
    }

    /** One statement for all the devices, each device's webhooks oldest first. */
    @Override
    public Map<UUID, List<Webhook>> activeByDevices(Set<UUID> deviceIds) {
        Map<UUID, List<Webhook>> active = new HashMap<>();
        deviceIds.forEach(device -> active.put(device, new ArrayList<>()));
        if (deviceIds.isEmpty()) {
            return active;
        }
        handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhooks w where w.device_id = any(:ds) and w.active order by w.id")
                .bindArray("ds", UUID.class, deviceIds.toArray(UUID[]::new)).map(MAPPER).list())
                .forEach(webhook -> active.get(webhook.deviceId()).add(webhook));
        return active;
    }

    @Override
    public Optional<Webhook> findById(long id) {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " from wa_webhooks w where w.id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public Optional<Webhook> find(UUID deviceId, long id) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhooks w where w.device_id = :d and w.id = :id")
                .bind("d", deviceId).bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public boolean replace(UUID deviceId, long id, String url, List<String> events, boolean active, Instant now) {
        return handles.with(h -> h.createUpdate("""
                        update wa_webhooks set url = :url, events = to_jsonb(cast(:events as text[])),
                            active = :active, updated_at = :now
                        where device_id = :d and id = :id""")
                .bind("d", deviceId).bind("id", id).bind("url", url).bindArray("events", String.class, events)
                .bind("active", active).bind("now", Rows.timestamp(now)).execute() == 1);
    }

    @Override
    public boolean setActive(long id, boolean active, Instant now) {
        return handles.with(h -> h.createUpdate(
                        "update wa_webhooks set active = :active, updated_at = :now where id = :id")
                .bind("id", id).bind("active", active).bind("now", Rows.timestamp(now)).execute() == 1);
    }

    @Override
    public boolean delete(UUID deviceId, long id) {
        return handles.with(h -> h.createUpdate("delete from wa_webhooks where device_id = :d and id = :id")
                .bind("d", deviceId).bind("id", id).execute() == 1);
    }

    @Override
    public WebhookCounts counts() {
        return handles.with(h -> h.createQuery(
                        "select count(*) as total, count(*) filter (where active) as active from wa_webhooks")
                .map((rs, ctx) -> new WebhookCounts(rs.getLong("total"), rs.getLong("active"))).one());
    }
}
