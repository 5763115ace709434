package dev.wagateway.persistence.gateway;

import dev.wagateway.core.quota.QuotaReservation;
import dev.wagateway.core.quota.SendQuotaRepository;

import org.jdbi.v3.core.statement.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reservations of sends per API key in {@code wa_api_key_sends}, each one statement ({@code wa_reserve_sends},
 * migration V275; {@code wa_renew_sends}, V397, settling the previous block in the same one): the key's row is locked
 * inside it, so reservations of one key, on any node, are counted one after the other. The renewals of several keys
 * share a transaction ({@link #renewAll}), taking their keys' locks in the order given (by key).
 */
public final class PostgresSendQuotaRepository implements SendQuotaRepository {

    /** A reservation of a block ({@code wa_reserve_sends}, V275). */
    private static final String RESERVE = """
            select key_id, quota, granted, reservation, frees_at
            from wa_reserve_sends(:device, :now, make_interval(secs => :window), :wanted)""";
    /** The settlement of a block and the reservation of the next in one statement ({@code wa_renew_sends}, V397). */
    private static final String RENEW = """
            select key_id, quota, granted, reservation, frees_at
            from wa_renew_sends(:settled, :used, :last_use, :device, :now, make_interval(secs => :window), :wanted)""";

    private final HandleSource handles;

    PostgresSendQuotaRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public QuotaReservation reserve(UUID deviceId, Instant now, Duration window, int wanted) {
        return handles.with(h -> answer(h.createQuery(RESERVE), deviceId, now, window, wanted));
    }

    @Override
    public List<QuotaReservation> renewAll(List<Renewal> renewals) {
        return handles.with(h -> h.inTransaction(tx -> {
            List<QuotaReservation> answers = new ArrayList<>(renewals.size());
            for (Renewal renewal : renewals) {
                answers.add(renewal.settled().map(settled -> answer(tx.createQuery(RENEW)
                                .bind("settled", settled.id()).bind("used", settled.used())
                                .bind("last_use", Rows.timestamp(settled.lastUse())), renewal))
                        .orElseGet(() -> answer(tx.createQuery(RESERVE), renewal)));
            }
            return answers;
        }));
    }

    private static QuotaReservation answer(Query query, Renewal renewal) {
        return answer(query, renewal.deviceId(), renewal.now(), renewal.window(), renewal.wanted());
    }

    /** Binds the reservation's arguments and reads its one row ({@code wa_reserve_sends}' answer). */
    private static QuotaReservation answer(Query query, UUID deviceId, Instant now, Duration window, int wanted) {
        return query.bind("device", deviceId).bind("now", Rows.timestamp(now))
                .bind("window", (double) window.toSeconds()).bind("wanted", wanted)
                .map((rs, ctx) -> rs.getInt("granted") > 0
                        ? (QuotaReservation) new QuotaReservation.Granted(rs.getInt("key_id"), rs.getInt("quota"),
                                rs.getInt("granted"), rs.getLong("reservation"))
                        : new QuotaReservation.Exhausted(rs.getInt("key_id"), rs.getInt("quota"),
                                Rows.instant(rs, "frees_at")))
                .findOne().orElseGet(QuotaReservation.NoKey::new);
    }

    @Override
    public void settle(long id, int used, Instant lastUse) {
        // a function, so that its transaction may commit without waiting for the WAL flush (V397)
        handles.with(h -> h.createQuery("select 1 from wa_settle_sends(:id, :used, :at)").bind("id", id)
                .bind("used", used).bind("at", Rows.timestamp(lastUse)).mapTo(Integer.class).one());
    }
}
