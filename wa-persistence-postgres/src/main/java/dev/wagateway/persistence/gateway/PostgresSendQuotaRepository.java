package dev.wagateway.persistence.gateway;

import dev.wagateway.core.quota.QuotaReservation;
import dev.wagateway.core.quota.SendQuotaRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Reservations of sends per API key in {@code wa_api_key_sends}, each one statement ({@code wa_reserve_sends},
 * migration V275): the key's row is locked inside it, so reservations of one key, on any node, are counted one
 * after the other.
 */
public final class PostgresSendQuotaRepository implements SendQuotaRepository {

    private final HandleSource handles;

    PostgresSendQuotaRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public QuotaReservation reserve(UUID deviceId, Instant now, Duration window, int wanted) {
        return handles.with(h -> h.createQuery("""
                        select key_id, quota, granted, reservation, frees_at
                        from wa_reserve_sends(:device, :now, make_interval(secs => :window), :wanted)""")
                .bind("device", deviceId).bind("now", Rows.timestamp(now)).bind("window", (double) window.toSeconds())
                .bind("wanted", wanted)
                .map((rs, ctx) -> rs.getInt("granted") > 0
                        ? (QuotaReservation) new QuotaReservation.Granted(rs.getInt("key_id"), rs.getInt("quota"),
                                rs.getInt("granted"), rs.getLong("reservation"))
                        : new QuotaReservation.Exhausted(rs.getInt("key_id"), rs.getInt("quota"),
                                Rows.instant(rs, "frees_at")))
                .findOne().orElseGet(QuotaReservation.NoKey::new));
    }

    @Override
    public void settle(long id, int used, Instant lastUse) {
        handles.with(h -> used == 0
                ? h.createUpdate("delete from wa_api_key_sends where id = :id").bind("id", id).execute()
                : h.createUpdate("update wa_api_key_sends set sends = :used, sent_at = :at where id = :id")
                        .bind("used", used).bind("at", Rows.timestamp(lastUse)).bind("id", id).execute());
    }
}
