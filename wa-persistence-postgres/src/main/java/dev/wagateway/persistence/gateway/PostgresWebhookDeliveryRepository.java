package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox and delivery log in {@code wa_webhook_deliveries}. Claims use {@code FOR UPDATE SKIP LOCKED} and move
 * the due time to the lease end in the same statement, so concurrent workers on any number of nodes never hold the
 * same row, and a worker that dies leaves its rows due again when the lease lapses. {@code leased_until} marks the
 * rows in flight, which is what the per-webhook cap counts.
 */
public final class PostgresWebhookDeliveryRepository implements WebhookDeliveryRepository {

    private static final String COLUMNS = "id, webhook_id, event_id, event_type, payload, ordering_key, status,"
            + " attempt_count, last_error, next_attempt_at, created_at, updated_at";
    private static final RowMapper<WebhookDelivery> MAPPER = (rs, ctx) -> new WebhookDelivery(rs.getLong("id"),
            rs.getLong("webhook_id"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
            rs.getString("payload"), rs.getString("ordering_key"), DeliveryStatus.fromWireName(rs.getString("status")),
            rs.getInt("attempt_count"), Rows.optionalString(rs, "last_error"), Rows.instant(rs, "next_attempt_at"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    /** The advisory lock claims take turns on (any constant; the two-int lock space is not used with it). */
    private static final long CLAIM_LOCK = 0x7761_5f63_6c61_696dL;

    private final HandleSource handles;

    PostgresWebhookDeliveryRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public void enqueue(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        handles.with(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key,
                        status, attempt_count, next_attempt_at, created_at, updated_at)
                    values (:webhook, :event, :type, :payload, :ordering, 'pending', 0, :now, :now, :now)""");
            for (NewDelivery delivery : deliveries) {
                batch.bind("webhook", delivery.webhookId()).bind("event", delivery.eventId())
                        .bind("type", delivery.eventType()).bind("payload", delivery.payload())
                        .bind("ordering", delivery.orderingKey()).bind("now", Rows.timestamp(delivery.createdAt()))
                        .add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        return handles.with(h -> h.inTransaction(tx -> {
            // Claims take turns (a lock held until this transaction commits), so each one counts the leases the
            // previous ones committed: the per-webhook cap holds across workers and nodes, not per claim.
            tx.createQuery("select 1 from pg_advisory_xact_lock(:key)").bind("key", CLAIM_LOCK).mapTo(Integer.class)
                    .one();
            // Webhook by webhook (a skip scan over the webhooks that have pending rows), each gets what its free
            // slots allow, oldest first: a webhook at its cap is passed over without reading its backlog. Only the
            // oldest pending row of each (webhook, ordering key) is eligible: a chat's events reach a receiver in
            // order.
            return tx.createQuery("""
                            with recursive hooks (webhook_id) as (
                                (select webhook_id from wa_webhook_deliveries where status = 'pending'
                                 order by webhook_id limit 1)
                                union all
                                select (select d.webhook_id from wa_webhook_deliveries d
                                        where d.status = 'pending' and d.webhook_id > hooks.webhook_id
                                        order by d.webhook_id limit 1)
                                from hooks where hooks.webhook_id is not null),
                            candidates as (
                                select due.id, due.next_attempt_at from hooks
                                cross join lateral (
                                    select count(*) as n from wa_webhook_deliveries b
                                    where b.webhook_id = hooks.webhook_id and b.leased_until > :now) busy
                                cross join lateral (
                                    select d.id, d.next_attempt_at from wa_webhook_deliveries d
                                    where d.webhook_id = hooks.webhook_id and d.status = 'pending'
                                      and d.next_attempt_at <= :now
                                      and not exists (select 1 from wa_webhook_deliveries e
                                                      where e.webhook_id = d.webhook_id
                                                        and e.ordering_key = d.ordering_key and d.ordering_key <> ''
                                                        and e.status = 'pending' and e.id < d.id)
                                    order by d.next_attempt_at, d.id
                                    limit greatest(:cap - busy.n, 0)
                                    for update skip locked) due
                                where hooks.webhook_id is not null),
                            chosen as (select id from candidates order by next_attempt_at, id limit :limit)
                            update wa_webhook_deliveries w
                            set next_attempt_at = :lease, leased_until = :lease, updated_at = :now
                            from chosen where w.id = chosen.id
                            returning""" + " " + prefixed("w"))
                    .bind("now", Rows.timestamp(now)).bind("limit", limit).bind("cap", perWebhook)
                    .bind("lease", Rows.timestamp(leaseUntil)).map(MAPPER).list();
        }));
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    @Override
    public void recordSuccess(long id, int attempts, Instant now) {
        handles.with(h -> h.createUpdate("""
                        update wa_webhook_deliveries set status = 'success', attempt_count = :attempts,
                            last_error = null, leased_until = null, updated_at = :now
                        where id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("now", Rows.timestamp(now)).execute());
    }

    @Override
    public void recordRetry(long id, int attempts, String error, Instant nextAttemptAt, Instant now) {
        handles.with(h -> h.createUpdate("""
                        update wa_webhook_deliveries set attempt_count = :attempts, last_error = :error,
                            next_attempt_at = :next, leased_until = null, updated_at = :now
                        where id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("error", error)
                .bind("next", Rows.timestamp(nextAttemptAt)).bind("now", Rows.timestamp(now)).execute());
    }

    @Override
    public void recordFailure(long id, int attempts, String error, Instant now) {
        handles.with(h -> h.createUpdate("""
                        update wa_webhook_deliveries set status = 'failed', attempt_count = :attempts,
                            last_error = :error, leased_until = null, updated_at = :now
                        where id = :id""")
                .bind("id", id).bind("attempts", attempts).bind("error", error).bind("now", Rows.timestamp(now))
                .execute());
    }

    @Override
    public List<WebhookDelivery> recent(long webhookId, int limit) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhook_deliveries where webhook_id = :w order by id desc limit :limit")
                .bind("w", webhookId).bind("limit", limit).map(MAPPER).list());
    }

    @Override
    public Optional<WebhookDelivery> find(long webhookId, long deliveryId) {
        return handles.with(h -> h.createQuery("select " + COLUMNS
                        + " from wa_webhook_deliveries where webhook_id = :w and id = :id")
                .bind("w", webhookId).bind("id", deliveryId).map(MAPPER).findOne());
    }

    @Override
    public boolean redeliver(long webhookId, long deliveryId, Instant now) {
        return handles.with(h -> h.createUpdate("""
                        update wa_webhook_deliveries set status = 'pending', attempt_count = 0, last_error = null,
                            next_attempt_at = :now, leased_until = null, updated_at = :now
                        where webhook_id = :w and id = :id and status <> 'pending'""")
                .bind("w", webhookId).bind("id", deliveryId).bind("now", Rows.timestamp(now)).execute() == 1);
    }

    @Override
    public DeliveryCounts counts() {
        return handles.with(h -> h.createQuery("""
                        select count(*) as total, count(*) filter (where status = 'success') as success,
                               count(*) filter (where status = 'failed') as failed,
                               count(*) filter (where status = 'pending') as pending
                        from wa_webhook_deliveries""")
                .map((rs, ctx) -> new DeliveryCounts(rs.getLong("total"), rs.getLong("success"),
                        rs.getLong("failed"), rs.getLong("pending"))).one());
    }

    @Override
    public int deleteSettledBefore(Instant cutoff) {
        return handles.with(h -> h.createUpdate(
                        "delete from wa_webhook_deliveries where status <> 'pending' and created_at < :cutoff")
                .bind("cutoff", Rows.timestamp(cutoff)).execute());
    }
}
