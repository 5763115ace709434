package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.OutboxBacklog;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox and delivery log in {@code wa_webhook_deliveries}. Claims use {@code FOR UPDATE SKIP LOCKED} and move
 * the due time to the lease end in the same statement, so concurrent workers on any number of nodes never hold the
 * same row, and a worker that dies leaves its rows due again when the lease lapses. {@code leased_until} marks the
 * rows in flight, which is what the per-webhook cap counts.
 *
 * <p>Per webhook and ordering key (a chat) the rows form a queue: only its head is claimable, the rows behind it are
 * {@code held} (outside the claim's index) until the head settles and the next one is released. Enqueueing and
 * settling a queue's head take the queue's advisory lock, so a row can never be held behind a head that is gone.
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
        handles.with(h -> h.inTransaction(tx -> {
            // Taken before the insert, in its own statement: the insert then sees whatever a concurrent settlement
            // of the chat's head committed, so a row is never held behind a head that is already gone.
            deliveries.stream().filter(d -> !d.orderingKey().isEmpty())
                    .map(d -> new ChatQueue(d.webhookId(), d.orderingKey())).distinct().sorted()
                    .forEach(queue -> lock(tx, queue));
            PreparedBatch batch = tx.prepareBatch("""
                    insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key,
                        status, attempt_count, next_attempt_at, created_at, updated_at, held)
                    values (:webhook, :event, :type, :payload, :ordering, 'pending', 0, :now, :now, :now,
                        :ordering <> '' and exists (select 1 from wa_webhook_deliveries e
                                                    where e.webhook_id = :webhook and e.ordering_key = :ordering
                                                      and e.status = 'pending'))""");
            for (NewDelivery delivery : deliveries) {
                batch.bind("webhook", delivery.webhookId()).bind("event", delivery.eventId())
                        .bind("type", delivery.eventType()).bind("payload", delivery.payload())
                        .bind("ordering", delivery.orderingKey()).bind("now", Rows.timestamp(delivery.createdAt()))
                        .add();
            }
            return batch.execute();
        }));
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        return handles.with(h -> h.inTransaction(tx -> {
            // Claims take turns (a lock held until this transaction commits), so each one counts the leases the
            // previous ones committed: the per-webhook cap holds across workers and nodes, not per claim.
            tx.createQuery("select 1 from pg_advisory_xact_lock(:key)").bind("key", CLAIM_LOCK).mapTo(Integer.class)
                    .one();
            // Only chat heads (rows not held) are read: what waits behind a head costs nothing here. Webhook by
            // webhook (a skip scan over the webhooks with heads), each gets what its free slots allow, oldest
            // first, so a webhook at its cap is passed over without reading its backlog.
            return tx.createQuery("""
                            with recursive hooks (webhook_id) as (
                                (select webhook_id from wa_webhook_deliveries
                                 where status = 'pending' and not held
                                 order by webhook_id limit 1)
                                union all
                                select (select d.webhook_id from wa_webhook_deliveries d
                                        where d.status = 'pending' and not d.held
                                          and d.webhook_id > hooks.webhook_id
                                        order by d.webhook_id limit 1)
                                from hooks where hooks.webhook_id is not null),
                            candidates as (
                                select due.id, due.next_attempt_at from hooks
                                cross join lateral (
                                    select count(*) as n from wa_webhook_deliveries b
                                    where b.webhook_id = hooks.webhook_id and b.leased_until > :now) busy
                                cross join lateral (
                                    select d.id, d.next_attempt_at from wa_webhook_deliveries d
                                    where d.webhook_id = hooks.webhook_id and d.status = 'pending' and not d.held
                                      and d.next_attempt_at <= :now
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
        settleAll(List.of(Settlement.delivered(id, attempts, now)));
    }

    @Override
    public void recordRetry(long id, int attempts, String error, Instant nextAttemptAt, Instant now) {
        settleAll(List.of(Settlement.retry(id, attempts, error, nextAttemptAt, now)));
    }

    @Override
    public void recordFailure(long id, int attempts, String error, Instant now) {
        settleAll(List.of(Settlement.failed(id, attempts, error, now)));
    }

    /**
     * Retried rows stay their chat's head. A settled row, if it was its chat's head, makes the next row of the chat
     * the head: the chat's lock is taken after the row is settled and before the next one is looked for, so an
     * enqueue that saw the head still pending has committed by then (its row is found and released), and a later
     * one sees the head settled.
     */
    @Override
    public void settleAll(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        List<Settlement> retries = settlements.stream().filter(s -> s.outcome() == Settlement.Outcome.RETRY).toList();
        List<Settlement> settled = settlements.stream().filter(s -> s.outcome() != Settlement.Outcome.RETRY).toList();
        handles.with(h -> h.inTransaction(tx -> {
            if (!retries.isEmpty()) {
                // As recordRetry: each row stays its chat's head.
                tx.createUpdate("""
                                update wa_webhook_deliveries w set attempt_count = v.attempts, last_error = v.error,
                                    next_attempt_at = v.next::timestamptz, leased_until = null,
                                    updated_at = v.at::timestamptz
                                from unnest(cast(:ids as bigint[]), cast(:attempts as int[]), cast(:errors as text[]),
                                            cast(:nexts as text[]), cast(:ats as text[]))
                                     as v(id, attempts, error, next, at)
                                where w.id = v.id and w.status = 'pending'""")
                        .bindArray("ids", Long.class, retries.stream().map(Settlement::deliveryId).toList())
                        .bindArray("attempts", Integer.class, retries.stream().map(Settlement::attempts).toList())
                        .bindArray("errors", String.class, retries.stream().map(Settlement::error).toList())
                        .bindArray("nexts", String.class,
                                retries.stream().map(s -> s.nextAttemptAt().toString()).toList())
                        .bindArray("ats", String.class, retries.stream().map(s -> s.at().toString()).toList())
                        .execute();
            }
            if (settled.isEmpty()) {
                return 0;
            }
            List<ChatQueue> chats = tx.createQuery("""
                            update wa_webhook_deliveries w set status = v.status, attempt_count = v.attempts,
                                last_error = v.error, leased_until = null, held = false,
                                updated_at = v.at::timestamptz
                            from unnest(cast(:ids as bigint[]), cast(:statuses as text[]), cast(:attempts as int[]),
                                        cast(:errors as text[]), cast(:ats as text[]))
                                 as v(id, status, attempts, error, at)
                            where w.id = v.id and w.status = 'pending'
                            returning w.webhook_id, w.ordering_key""")
                    .bindArray("ids", Long.class, settled.stream().map(Settlement::deliveryId).toList())
                    .bindArray("statuses", String.class, settled.stream()
                            .map(s -> s.outcome() == Settlement.Outcome.DELIVERED ? "success" : "failed").toList())
                    .bindArray("attempts", Integer.class, settled.stream().map(Settlement::attempts).toList())
                    .bindArray("errors", String.class, settled.stream().map(Settlement::error).toList())
                    .bindArray("ats", String.class, settled.stream().map(s -> s.at().toString()).toList())
                    .map((rs, ctx) -> new ChatQueue(rs.getLong("webhook_id"), rs.getString("ordering_key")))
                    .list().stream().filter(queue -> !queue.orderingKey().isEmpty()).distinct().sorted().toList();
            if (!chats.isEmpty()) {
                // As settle(): the chats' locks after their rows are settled, in the order enqueue() takes them
                // (the arrays are sorted here and read back in that order), then the next row of each released.
                tx.createQuery("""
                                select count(*) from (
                                    select pg_advisory_xact_lock(q.webhook::int, hashtext(q.key))
                                    from (select webhook, key from unnest(cast(:hooks as bigint[]),
                                                                          cast(:keys as text[]))
                                              with ordinality as u(webhook, key, n)
                                          order by n) q) locked""")
                        .bindArray("hooks", Long.class, chats.stream().map(ChatQueue::webhookId).toList())
                        .bindArray("keys", String.class, chats.stream().map(ChatQueue::orderingKey).toList())
                        .mapTo(Long.class).one();
                tx.createUpdate("""
                                update wa_webhook_deliveries d set held = false
                                where d.id in (
                                    select min(h.id) from wa_webhook_deliveries h
                                    join unnest(cast(:hooks as bigint[]), cast(:keys as text[])) as q(webhook, key)
                                      on h.webhook_id = q.webhook and h.ordering_key = q.key
                                    where h.status = 'pending' and h.held
                                    group by h.webhook_id, h.ordering_key)
                                  and not exists (select 1 from wa_webhook_deliveries e
                                                  where e.webhook_id = d.webhook_id
                                                    and e.ordering_key = d.ordering_key
                                                    and e.status = 'pending' and not e.held)""")
                        .bindArray("hooks", Long.class, chats.stream().map(ChatQueue::webhookId).toList())
                        .bindArray("keys", String.class, chats.stream().map(ChatQueue::orderingKey).toList())
                        .execute();
            }
            return chats.size();
        }));
    }

    /** The chat a row is ordered in; empty for rows without an ordering key (or no such row). */
    private static Optional<ChatQueue> queueOf(Handle tx, long id) {
        return tx.createQuery("select webhook_id, ordering_key from wa_webhook_deliveries where id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new ChatQueue(rs.getLong("webhook_id"), rs.getString("ordering_key"))).findOne()
                .filter(queue -> !queue.orderingKey().isEmpty());
    }

    /** Serialises the changes of one chat's queue: enqueueing behind a head and settling that head. */
    private static void lock(Handle tx, ChatQueue queue) {
        tx.createQuery("select 1 from pg_advisory_xact_lock(:webhook, hashtext(:key))")
                .bind("webhook", (int) queue.webhookId()).bind("key", queue.orderingKey()).mapTo(Integer.class).one();
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
        return handles.with(h -> h.inTransaction(tx -> {
            Optional<ChatQueue> queue = queueOf(tx, deliveryId);
            queue.ifPresent(q -> lock(tx, q));
            // Back in its chat's queue: at once if the chat has nothing pending, else behind what is there.
            return tx.createUpdate("""
                            update wa_webhook_deliveries d set status = 'pending', attempt_count = 0,
                                last_error = null, next_attempt_at = :now, leased_until = null, updated_at = :now,
                                held = d.ordering_key <> '' and exists (
                                    select 1 from wa_webhook_deliveries e
                                    where e.webhook_id = d.webhook_id and e.ordering_key = d.ordering_key
                                      and e.status = 'pending' and e.id <> d.id)
                            where d.webhook_id = :w and d.id = :id and d.status <> 'pending'""")
                    .bind("w", webhookId).bind("id", deliveryId).bind("now", Rows.timestamp(now)).execute() == 1;
        }));
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

    @Override
    public OutboxBacklog backlog(Instant now) {
        return handles.with(h -> h.createQuery("""
                        select count(*) as pending, min(created_at) as oldest from wa_webhook_deliveries
                        where status = 'pending'""")
                .map((rs, ctx) -> new OutboxBacklog(rs.getLong("pending"), Rows.optionalInstant(rs, "oldest")
                        .map(oldest -> Duration.between(oldest, now)).filter(age -> !age.isNegative())
                        .orElse(Duration.ZERO)))
                .one());
    }
}
