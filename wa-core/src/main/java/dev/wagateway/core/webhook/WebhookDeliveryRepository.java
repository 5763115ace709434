package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the durable outbox of webhook deliveries and their log. Claims are exclusive: two workers (or two nodes)
 * never hold the same delivery at once, and a claim that is never settled lapses at its lease end, so a crashed
 * worker loses nothing.
 */
public interface WebhookDeliveryRepository {

    /** Adds deliveries, due at once. */
    void enqueue(List<NewDelivery> deliveries);

    /**
     * Claims up to {@code limit} due pending deliveries, at most one per webhook and ordering key (the oldest), and
     * leases them until {@code leaseUntil} so no one else takes them meanwhile. A webhook never has more than
     * {@code perWebhook} unexpired leases at once, counting those of every worker and node: a receiver that hangs
     * holds at most that many attempts, and the others are claimed past it.
     */
    List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil);

    /** Settles a claimed delivery as delivered after {@code attempts} attempts. */
    void recordSuccess(long id, int attempts, Instant now);

    /** Records a failed attempt that will be retried at {@code nextAttemptAt}. */
    void recordRetry(long id, int attempts, String error, Instant nextAttemptAt, Instant now);

    /** Settles a claimed delivery as failed for good. */
    void recordFailure(long id, int attempts, String error, Instant now);

    /**
     * Writes several attempts' outcomes in one transaction, each as the single-row methods above would (a settled
     * row releases the next row of its chat): one commit for many deliveries. Rows no longer pending are left as
     * they are.
     */
    void settleAll(List<Settlement> settlements);

    /**
     * {@link #settleAll} and then {@link #claimDue} with the same terms, in one transaction where the store can: the
     * slots the settled attempts held go straight to the next due rows, without a claim's own round trips. The
     * claim sees the settlement (its leases gone, the chats' next rows released). Returns what was claimed.
     */
    default List<WebhookDelivery> settleAllAndClaim(List<Settlement> settlements, Instant now, int limit,
                                                    int perWebhook, Instant leaseUntil) {
        settleAll(settlements);
        return limit > 0 ? claimDue(now, limit, perWebhook, leaseUntil) : List.of();
    }

    /**
     * {@link #claimDue} with each claimed row's webhook read in the same statement (as of the claim): what the
     * delivery workers use, one round trip per claim instead of two.
     */
    List<ClaimedDelivery> claimDueWithWebhooks(Instant now, int limit, int perWebhook, Instant leaseUntil);

    /** {@link #settleAllAndClaim} with each claimed row's webhook read in the same statement, as of the claim. */
    List<ClaimedDelivery> settleAllAndClaimWithWebhooks(List<Settlement> settlements, Instant now, int limit,
                                                        int perWebhook, Instant leaseUntil);

    /** The newest deliveries of a webhook. */
    List<WebhookDelivery> recent(long webhookId, int limit);

    /** One delivery of a webhook. */
    Optional<WebhookDelivery> find(long webhookId, long deliveryId);

    /** Makes a settled delivery pending again, due at once, with its attempts reset; false when there is none. */
    boolean redeliver(long webhookId, long deliveryId, Instant now);

    /** Totals. */
    DeliveryCounts counts();

    /** Deletes settled deliveries created before {@code cutoff}; returns how many. */
    int deleteSettledBefore(Instant cutoff);

    /** The pending deliveries and the age of the oldest, as of {@code now}. */
    OutboxBacklog backlog(Instant now);
}
