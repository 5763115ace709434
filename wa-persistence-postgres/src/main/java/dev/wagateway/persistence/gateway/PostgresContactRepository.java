package dev.wagateway.persistence.gateway;

import dev.wagateway.core.contact.Contact;
import dev.wagateway.core.contact.ContactRepository;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Contacts in {@code wa_contacts}, one row per device and contact JID. */
public final class PostgresContactRepository implements ContactRepository {

    private static final RowMapper<Contact> CONTACT = (rs, ctx) -> new Contact(rs.getString("jid"),
            Rows.optionalString(rs, "lid"), rs.getString("name"), rs.getString("push_name"),
            Rows.instant(rs, "updated_at"));

    private final HandleSource handles;

    PostgresContactRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public Optional<String> setPushName(UUID deviceId, String jid, String pushName, Instant at) {
        return set(deviceId, jid, "push_name", pushName, at);
    }

    @Override
    public Optional<String> setName(UUID deviceId, String jid, String name, Instant at) {
        return set(deviceId, jid, "name", name, at);
    }

    /** Upserts one text column; the previous value when it changed ({@code ""} for a new contact). */
    private Optional<String> set(UUID deviceId, String jid, String column, String value, Instant at) {
        // the row is locked by the update, so the old value read first is the one replaced
        return handles.with(h -> {
            Optional<String> previous = h.createQuery("select " + column + " from wa_contacts"
                            + " where device_id = :device and jid = :jid for update")
                    .bind("device", deviceId).bind("jid", jid).mapTo(String.class).findOne();
            if (previous.isPresent() && previous.get().equals(value)) {
                return Optional.empty();
            }
            h.createUpdate("insert into wa_contacts (device_id, jid, " + column + ", updated_at)"
                            + " values (:device, :jid, :value, :at) on conflict (device_id, jid) do update set "
                            + column + " = excluded." + column + ", updated_at = excluded.updated_at")
                    .bind("device", deviceId).bind("jid", jid).bind("value", value)
                    .bind("at", Rows.timestamp(at)).execute();
            return Optional.of(previous.orElse(""));
        });
    }

    @Override
    public void setLid(UUID deviceId, String jid, String lid, Instant at) {
        handles.with(h -> h.createUpdate("""
                        insert into wa_contacts (device_id, jid, lid, updated_at) values (:device, :jid, :lid, :at)
                        on conflict (device_id, jid) do update set lid = excluded.lid, updated_at = excluded.updated_at
                        where wa_contacts.lid is distinct from excluded.lid""")
                .bind("device", deviceId).bind("jid", jid).bind("lid", lid).bind("at", Rows.timestamp(at))
                .execute());
    }

    @Override
    public List<Contact> page(UUID deviceId, int limit, Optional<String> after) {
        return handles.with(h -> h.createQuery("""
                        select jid, lid, name, push_name, updated_at from wa_contacts
                        where device_id = :device and (cast(:after as text) is null or jid > :after)
                        order by jid limit :limit""")
                .bind("device", deviceId).bind("after", after.orElse(null)).bind("limit", limit)
                .map(CONTACT).list());
    }
}
