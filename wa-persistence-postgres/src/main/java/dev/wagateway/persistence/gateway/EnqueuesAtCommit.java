package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.OutboxBacklog;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox as one transaction sees it: its enqueues are held back and written together, in the order they were
 * made, by one {@code wa_enqueue_deliveries} call just before the commit ({@link #flush}), or before any other use of
 * the outbox in the transaction (which then sees them).
 *
 * <p>Why: each enqueue call takes its chats' advisory locks (sorted within the call) and keeps them to the commit.
 * A transaction that records events of several chats in separate calls, as a group commit of receipts of many chats
 * does, took those locks in the order its events came, while a settlement takes its chats' locks sorted: with two
 * chats in opposite orders the two deadlocked, PostgreSQL noticed only after {@code deadlock_timeout} (1 s), and
 * one of them failed (a settlement batch rewritten row by row, or a whole group commit of 256 receipts retried one
 * transaction each). One call takes every lock of the transaction in the one global order, and takes them at the
 * end of the transaction, so they are held for its commit only.
 *
 * <p>Valid only inside the transaction it belongs to, on the thread that runs it.
 */
final class EnqueuesAtCommit implements WebhookDeliveryRepository {

    private final WebhookDeliveryRepository outbox;
    private final List<NewDelivery> held = new ArrayList<>();

    /** @param outbox the outbox bound to the same transaction */
    EnqueuesAtCommit(WebhookDeliveryRepository outbox) {
        this.outbox = outbox;
    }

    /** Writes the enqueues held back, in one statement; to call before the transaction commits. */
    void flush() {
        if (!held.isEmpty()) {
            List<NewDelivery> rows = List.copyOf(held);
            held.clear();
            outbox.enqueue(rows);
        }
    }

    @Override
    public void enqueue(List<NewDelivery> deliveries) {
        held.addAll(deliveries);
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        flush();
        return outbox.claimDue(now, limit, perWebhook, leaseUntil);
    }

    @Override
    public void recordSuccess(long id, int attempts, Instant now) {
        flush();
        outbox.recordSuccess(id, attempts, now);
    }

    @Override
    public void recordRetry(long id, int attempts, String error, Instant nextAttemptAt, Instant now) {
        flush();
        outbox.recordRetry(id, attempts, error, nextAttemptAt, now);
    }

    @Override
    public void recordFailure(long id, int attempts, String error, Instant now) {
        flush();
        outbox.recordFailure(id, attempts, error, now);
    }

    @Override
    public void settleAll(List<Settlement> settlements) {
        flush();
        outbox.settleAll(settlements);
    }

    @Override
    public List<WebhookDelivery> settleAllAndClaim(List<Settlement> settlements, Instant now, int limit,
                                                   int perWebhook, Instant leaseUntil) {
        flush();
        return outbox.settleAllAndClaim(settlements, now, limit, perWebhook, leaseUntil);
    }

    @Override
    public List<ClaimedDelivery> claimDueWithWebhooks(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        flush();
        return outbox.claimDueWithWebhooks(now, limit, perWebhook, leaseUntil);
    }

    @Override
    public List<ClaimedDelivery> settleAllAndClaimWithWebhooks(List<Settlement> settlements, Instant now, int limit,
                                                               int perWebhook, Instant leaseUntil) {
        flush();
        return outbox.settleAllAndClaimWithWebhooks(settlements, now, limit, perWebhook, leaseUntil);
    }

    @Override
    public List<WebhookDelivery> recent(long webhookId, int limit) {
        flush();
        return outbox.recent(webhookId, limit);
    }

    @Override
    public Optional<WebhookDelivery> find(long webhookId, long deliveryId) {
        flush();
        return outbox.find(webhookId, deliveryId);
    }

    @Override
    public boolean redeliver(long webhookId, long deliveryId, Instant now) {
        flush();
        return outbox.redeliver(webhookId, deliveryId, now);
    }

    @Override
    public DeliveryCounts counts() {
        flush();
        return outbox.counts();
    }

    @Override
    public int deleteSettledBefore(Instant cutoff) {
        flush();
        return outbox.deleteSettledBefore(cutoff);
    }

    @Override
    public OutboxBacklog backlog(Instant now) {
        flush();
        return outbox.backlog(now);
    }
}
