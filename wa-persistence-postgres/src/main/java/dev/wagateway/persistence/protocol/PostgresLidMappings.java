package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.LidMappings;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * A device's phone-number ↔ LID pairings in PostgreSQL; a pairing replaces older ones of either side. Lookups, a
 * missing pairing included, are read through a {@link RowCache} (every send to a LID asks for its number); a save
 * may delete rows of either side, so it drops the whole copy (saves are rare: the client's own cache in front of
 * this skips pairings already known).
 */
final class PostgresLidMappings implements LidMappings {

    private final Jdbi jdbi;
    private final String deviceKey;
    private final RowCache<Jid, Jid> lidByPhone = new RowCache<>(4096);
    private final RowCache<Jid, Jid> phoneByLid = new RowCache<>(4096);

    PostgresLidMappings(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public void save(Jid phoneUser, Jid lidUser) {
        String phone = phoneUser.toNonAd().toString();
        String lid = lidUser.toNonAd().toString();
        try {
            saveRows(phone, lid);
        } finally {
            lidByPhone.clear();
            phoneByLid.clear();
        }
    }

    private void saveRows(String phone, String lid) {
        jdbi.useTransaction(h -> {
            // Saves of one device take turns: two features learning the same pairing at once (a history sync and a
            // group list) would otherwise both find nothing to delete and the second insert would hit the key.
            h.createQuery("select 1 from pg_advisory_xact_lock(hashtext('wa_lid_mappings'), hashtext(:d))")
                    .bind("d", deviceKey).mapTo(Integer.class).one();
            h.createUpdate("delete from wa_lid_mappings where device_key = :d and (phone_user = :p or lid_user = :l)")
                    .bind("d", deviceKey).bind("p", phone).bind("l", lid).execute();
            h.createUpdate("insert into wa_lid_mappings (device_key, phone_user, lid_user) values (:d, :p, :l)")
                    .bind("d", deviceKey).bind("p", phone).bind("l", lid).execute();
        });
    }

    @Override
    public Optional<Jid> lidOf(Jid phoneUser) {
        Jid phone = phoneUser.toNonAd();
        return lidByPhone.get(phone, () -> jdbi.withHandle(h -> h.createQuery(
                        "select lid_user from wa_lid_mappings where device_key = :d and phone_user = :p")
                .bind("d", deviceKey).bind("p", phone.toString()).mapTo(String.class).findOne()
                .map(Jid::parse)));
    }

    @Override
    public Optional<Jid> phoneOf(Jid lidUser) {
        Jid lid = lidUser.toNonAd();
        return phoneByLid.get(lid, () -> jdbi.withHandle(h -> h.createQuery(
                        "select phone_user from wa_lid_mappings where device_key = :d and lid_user = :l")
                .bind("d", deviceKey).bind("l", lid.toString()).mapTo(String.class).findOne()
                .map(Jid::parse)));
    }

    /** Drops every cached row (the device's rows were deleted). */
    void forgetAll() {
        lidByPhone.clear();
        phoneByLid.clear();
    }
}
