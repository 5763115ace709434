package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.OutboxBacklog;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /**
     * A settled delivery back in its chat's queue. Its status is compared in the "C" collation so that only the
     * primary key can find it: {@code idx_deliveries_created}'s predicate ({@code status <> 'pending'}) would
     * otherwise let the planner read every settled row for it whenever the statistics made them look few (V440).
     */
    static final String REDELIVER = """
            update wa_webhook_deliveries d set status = 'pending', attempt_count = 0,
                last_error = null, next_attempt_at = :now, leased_until = null, updated_at = :now,
                held = d.ordering_key <> '' and exists (
                    select 1 from wa_webhook_deliveries e
                    where e.webhook_id = d.webhook_id and e.ordering_key = d.ordering_key
                      and e.status = 'pending' and e.id <> d.id)
            where d.webhook_id = :w and d.id = :id and d.status collate "C" <> 'pending'""";

    private static final String COLUMNS = "id, webhook_id, event_id, event_type, payload, ordering_key, status,"
            + " attempt_count, last_error, next_attempt_at, created_at, updated_at";
    private static final RowMapper<WebhookDelivery> MAPPER = (rs, ctx) -> new WebhookDelivery(rs.getLong("id"),
            rs.getLong("webhook_id"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
            rs.getString("payload"), rs.getString("ordering_key"), DeliveryStatus.fromWireName(rs.getString("status")),
            rs.getInt("attempt_count"), Rows.optionalString(rs, "last_error"), Rows.instant(rs, "next_attempt_at"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    /** A webhook's columns (for claimed rows whose webhook the claim's join did not find). */
    private static final String HOOK_COLUMNS = "w.id as hook_id, w.device_id as hook_device_id, w.url as hook_url,"
            + " w.secret as hook_secret, w.active as hook_active, w.created_at as hook_created_at,"
            + " w.updated_at as hook_updated_at, array(select jsonb_array_elements_text(w.events)) as hook_events";
    private static final RowMapper<Webhook> HOOK = (rs, ctx) -> new Webhook(rs.getLong("hook_id"),
            rs.getObject("hook_device_id", UUID.class), rs.getString("hook_url"), rs.getString("hook_secret"),
            List.of((String[]) rs.getArray("hook_events").getArray()), rs.getBoolean("hook_active"),
            Rows.instant(rs, "hook_created_at"), Rows.instant(rs, "hook_updated_at"));
    private final HandleSource handles;
    private final ClaimFloors floors;

    /**
     * @param handles where the statements run
     * @param floors  where claims start, shared by every repository of one store (its claims learn them)
     */
    PostgresWebhookDeliveryRepository(HandleSource handles, ClaimFloors floors) {
        this.handles = handles;
        this.floors = floors;
    }

    /**
     * One statement ({@code wa_enqueue_deliveries}, migration V370): the chats' locks, then the rows, each row held
     * when its chat already has a pending row. The locks make an enqueue and a settlement of the chat's head take
     * turns, so a row is never held behind a head that is already gone.
     */
    @Override
    public void enqueue(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        handles.with(h -> h.createQuery("""
                        select wa_enqueue_deliveries(cast(:webhooks as bigint[]), cast(:events as uuid[]),
                            cast(:types as text[]), cast(:payloads as text[]), cast(:keys as text[]),
                            cast(:ats as timestamptz[]))""")
                .bindArray("webhooks", Long.class, deliveries.stream().map(NewDelivery::webhookId).toList())
                .bindArray("events", String.class, deliveries.stream().map(d -> d.eventId().toString()).toList())
                .bindArray("types", String.class, deliveries.stream().map(NewDelivery::eventType).toList())
                .bindArray("payloads", String.class, deliveries.stream().map(NewDelivery::payload).toList())
                .bindArray("keys", String.class, deliveries.stream().map(NewDelivery::orderingKey).toList())
                .bindArray("ats", String.class, deliveries.stream().map(d -> d.createdAt().toString()).toList())
                .mapTo(Integer.class).one());
    }

    /** {@link #claimDueWithWebhooks}, the rows alone. */
    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        return claimDueWithWebhooks(now, limit, perWebhook, leaseUntil).stream().map(ClaimedDelivery::delivery)
                .toList();
    }

    /**
     * One statement ({@code wa_claim_deliveries_from}, migrations V260 and V410; {@link ClaimStatements}, plain JDBC):
     * claims take turns on an advisory lock, so the per-webhook cap counts the leases of every worker and node; only
     * chat heads are read, webhook by webhook from its floor ({@link ClaimFloors}), each getting what its free slots
     * allow, oldest first; the claimed rows come joined with their webhooks.
     */
    @Override
    public List<ClaimedDelivery> claimDueWithWebhooks(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        boolean async = asyncCommit();
        ClaimFloors.Plan plan = floors.plan(now);
        ClaimStatements.Claim claim = handles.withConnection(connection ->
                ClaimStatements.claim(connection, plan, limit, perWebhook, leaseUntil, async));
        floors.learn(plan, claim.seen());
        return complete(claim.claimed());
    }

    /** {@link #settleAllAndClaim} and the claimed rows' webhooks in one statement ({@link ClaimStatements}). */
    @Override
    public List<ClaimedDelivery> settleAllAndClaimWithWebhooks(List<Settlement> settlements, Instant now, int limit,
                                                               int perWebhook, Instant leaseUntil) {
        if (settlements.isEmpty()) {
            return limit > 0 ? claimDueWithWebhooks(now, limit, perWebhook, leaseUntil) : List.of();
        }
        boolean async = asyncCommit();
        ClaimFloors.Plan plan = floors.plan(now);
        ClaimStatements.Claim claim = handles.withConnection(connection -> ClaimStatements.settleAndClaim(
                connection, settlements, plan, limit, perWebhook, leaseUntil, async));
        if (limit > 0) {
            // with no room to claim into, the function settles and claims nothing: nothing seen to learn from
            floors.learn(plan, claim.seen());
        }
        return complete(claim.claimed());
    }

    /**
     * The rows whose webhook the claim's join did not find (it reads {@code wa_webhooks} as of the statement's start,
     * the claim its rows as of a later snapshot: a webhook milliseconds old can be missing) have it read now; a
     * webhook still not found was deleted.
     */
    private List<ClaimedDelivery> complete(List<ClaimStatements.Claimed> claimed) {
        List<Long> missing = claimed.stream().filter(c -> c.webhook() == null).map(c -> c.delivery().webhookId())
                .distinct().toList();
        Map<Long, Webhook> read = missing.isEmpty() ? Map.of() : handles.with(h -> h.createQuery("select "
                        + HOOK_COLUMNS + " from wa_webhooks w where w.id = any(cast(:ids as bigint[]))")
                .bindArray("ids", Long.class, missing).map(HOOK).list()).stream()
                .collect(Collectors.toMap(Webhook::id, webhook -> webhook));
        return claimed.stream().map(c -> new ClaimedDelivery(c.delivery(), Optional.ofNullable(
                c.webhook() != null ? c.webhook() : read.get(c.delivery().webhookId())))).toList();
    }

    /**
     * Claims and settlements made on their own commit without waiting for the WAL flush: losing one in a crash of
     * the database costs a delivery made again (at least once, as ever), never a row. Inside a caller's transaction
     * its commit stays as durable as the caller's.
     */
    private boolean asyncCommit() {
        return handles instanceof HandleSource.Pooled;
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
     * One statement ({@code wa_settle_deliveries}, migration V260). Retried rows stay their chat's head. A settled
     * row, if it was its chat's head, makes the next row of the chat the head: the chat's lock is taken after the row
     * is settled and before the next one is looked for, so an enqueue that saw the head still pending has committed
     * by then (its row is found and released), and a later one sees the head settled.
     */
    @Override
    public void settleAll(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        handles.with(h -> bindSettlements(h.createQuery("""
                        select wa_settle_deliveries(cast(:ids as bigint[]), cast(:outcomes as text[]),
                            cast(:attempts as int[]), cast(:errors as text[]), cast(:nexts as timestamptz[]),
                            cast(:ats as timestamptz[]), :async)"""), settlements)
                .mapTo(Integer.class).one());
    }

    /** {@link #settleAllAndClaimWithWebhooks}, the rows alone. */
    @Override
    public List<WebhookDelivery> settleAllAndClaim(List<Settlement> settlements, Instant now, int limit,
                                                   int perWebhook, Instant leaseUntil) {
        return settleAllAndClaimWithWebhooks(settlements, now, limit, perWebhook, leaseUntil).stream()
                .map(ClaimedDelivery::delivery).toList();
    }

    private Query bindSettlements(Query query, List<Settlement> settlements) {
        return query.bindArray("ids", Long.class, settlements.stream().map(Settlement::deliveryId).toList())
                .bindArray("outcomes", String.class, settlements.stream().map(s -> switch (s.outcome()) {
                    case DELIVERED -> "success";
                    case FAILED -> "failed";
                    case RETRY -> "retry";
                }).toList())
                .bindArray("attempts", Integer.class, settlements.stream().map(Settlement::attempts).toList())
                .bindArray("errors", String.class, settlements.stream().map(Settlement::error).toList())
                .bindArray("nexts", String.class, settlements.stream()
                        .map(s -> s.nextAttemptAt() == null ? null : s.nextAttemptAt().toString()).toList())
                .bindArray("ats", String.class, settlements.stream().map(s -> s.at().toString()).toList())
                .bind("async", asyncCommit());
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
            // Back in its chat's queue: at once if the chat has nothing pending, else behind what is there. The
            // database marks it redelivered (V430): its id is older than its chat's head's, which a settlement's
            // release looks after (V420).
            return tx.createUpdate(REDELIVER)
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
