package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.store.LidMappings;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** A device's phone-number ↔ LID pairings in PostgreSQL; a pairing replaces older ones of either side. */
final class PostgresLidMappings implements LidMappings {

    private final Jdbi jdbi;
    private final String deviceKey;

    PostgresLidMappings(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public void save(Jid phoneUser, Jid lidUser) {
        String phone = phoneUser.toNonAd().toString();
        String lid = lidUser.toNonAd().toString();
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
        return jdbi.withHandle(h -> h.createQuery(
                        "select lid_user from wa_lid_mappings where device_key = :d and phone_user = :p")
                .bind("d", deviceKey).bind("p", phoneUser.toNonAd().toString()).mapTo(String.class).findOne()
                .map(Jid::parse));
    }

    @Override
    public Optional<Jid> phoneOf(Jid lidUser) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select phone_user from wa_lid_mappings where device_key = :d and lid_user = :l")
                .bind("d", deviceKey).bind("l", lidUser.toNonAd().toString()).mapTo(String.class).findOne()
                .map(Jid::parse));
    }
}
