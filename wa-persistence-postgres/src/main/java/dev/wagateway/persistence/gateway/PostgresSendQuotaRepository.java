package dev.wagateway.persistence.gateway;

import dev.wagateway.core.quota.QuotaDecision;
import dev.wagateway.core.quota.SendQuotaRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends per API key in {@code wa_api_key_sends}. One transaction per admission: the key's row is locked
 * ({@code for update}), so admissions of one key, on any node, are counted one after the other.
 */
public final class PostgresSendQuotaRepository implements SendQuotaRepository {

    private final HandleSource handles;

    PostgresSendQuotaRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public QuotaDecision admit(UUID deviceId, Instant now, Duration window) {
        return handles.with(h -> h.inTransaction(tx -> {
            Optional<int[]> key = tx.createQuery("""
                            select k.id, k.rate_limit_per_hour from api_keys k
                            join devices d on d.api_key_id = k.id
                            where d.device_id = :device
                            for update of k""")
                    .bind("device", deviceId)
                    .map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2)}).findOne();
            if (key.isEmpty()) {
                return new QuotaDecision.NoKey();
            }
            int keyId = key.get()[0];
            int limit = key.get()[1];
            Instant since = now.minus(window);
            tx.createUpdate("delete from wa_api_key_sends where api_key_id = :key and sent_at <= :since")
                    .bind("key", keyId).bind("since", Rows.timestamp(since)).execute();
            int counted = tx.createQuery("select count(*) from wa_api_key_sends where api_key_id = :key")
                    .bind("key", keyId).mapTo(Integer.class).one();
            if (counted >= limit) {
                // the oldest send still counted frees a place when it leaves the window
                Instant oldest = tx.createQuery("""
                                select sent_at from wa_api_key_sends where api_key_id = :key
                                order by sent_at offset :skip limit 1""")
                        .bind("key", keyId).bind("skip", counted - limit)
                        .map((rs, ctx) -> Rows.instant(rs, "sent_at")).one();
                return new QuotaDecision.Exhausted(limit, oldest.plus(window));
            }
            tx.createUpdate("insert into wa_api_key_sends (api_key_id, sent_at) values (:key, :at)")
                    .bind("key", keyId).bind("at", Rows.timestamp(now)).execute();
            return new QuotaDecision.Admitted(limit, limit - counted - 1);
        }));
    }
}
