package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.DeliveryCounts;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.OutboxBacklog;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's account of the workers' claims: the real repository underneath (every call goes to PostgreSQL as
 * before), with each claim's start, end, rows asked for and rows returned recorded, and for each claimed row the
 * claim that took it (by the event's id in its payload), so the steady phases can split an event's delay into
 * waiting for a claim, the claim's statement, and the attempt. Not part of the gateway.
 */
final class TracedDeliveries implements WebhookDeliveryRepository {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"([^\"]+)\"");

    /** One claim: by a loop (its own statement) or by the settlement writer (with {@code settled} outcomes). */
    record Claim(long start, long end, boolean byLoop, int asked, int rows, int settled) {
    }

    /** When the claim that took a row started and returned. */
    record Mark(long start, long end, boolean byLoop) {
    }

    private final WebhookDeliveryRepository real;
    final Queue<Claim> claims = new ConcurrentLinkedQueue<>();
    final Map<String, Mark> claimedEvents = new ConcurrentHashMap<>();
    /** The event of each claimed row, and the settlement statement that wrote each row's outcome. */
    private final Map<Long, String> eventOfRow = new ConcurrentHashMap<>();
    final Map<String, Mark> settledEvents = new ConcurrentHashMap<>();

    TracedDeliveries(WebhookDeliveryRepository real) {
        this.real = real;
    }

    @Override
    public List<ClaimedDelivery> claimDueWithWebhooks(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        long start = System.nanoTime();
        List<ClaimedDelivery> claimed = real.claimDueWithWebhooks(now, limit, perWebhook, leaseUntil);
        record(start, true, limit, claimed, 0);
        return claimed;
    }

    @Override
    public List<ClaimedDelivery> settleAllAndClaimWithWebhooks(List<Settlement> settlements, Instant now, int limit,
                                                               int perWebhook, Instant leaseUntil) {
        long start = System.nanoTime();
        List<ClaimedDelivery> claimed = real.settleAllAndClaimWithWebhooks(settlements, now, limit, perWebhook,
                leaseUntil);
        Mark settled = new Mark(start, System.nanoTime(), false);
        for (Settlement settlement : settlements) {
            String event = eventOfRow.get(settlement.deliveryId());
            if (event != null) {
                settledEvents.putIfAbsent(event, settled);
            }
        }
        record(start, false, limit, claimed, settlements.size());
        return claimed;
    }

    private void record(long start, boolean byLoop, int asked, List<ClaimedDelivery> claimed, int settled) {
        long end = System.nanoTime();
        claims.add(new Claim(start, end, byLoop, asked, claimed.size(), settled));
        Mark mark = new Mark(start, end, byLoop);
        for (ClaimedDelivery row : claimed) {
            Matcher id = MESSAGE_ID.matcher(row.delivery().payload());
            if (id.find()) {
                claimedEvents.putIfAbsent(id.group(1), mark);
                eventOfRow.put(row.delivery().id(), id.group(1));
            }
        }
    }

    @Override
    public void enqueue(List<NewDelivery> deliveries) {
        real.enqueue(deliveries);
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, int perWebhook, Instant leaseUntil) {
        return real.claimDue(now, limit, perWebhook, leaseUntil);
    }

    @Override
    public void recordSuccess(long id, int attempts, Instant now) {
        real.recordSuccess(id, attempts, now);
    }

    @Override
    public void recordRetry(long id, int attempts, String error, Instant nextAttemptAt, Instant now) {
        real.recordRetry(id, attempts, error, nextAttemptAt, now);
    }

    @Override
    public void recordFailure(long id, int attempts, String error, Instant now) {
        real.recordFailure(id, attempts, error, now);
    }

    @Override
    public void settleAll(List<Settlement> settlements) {
        real.settleAll(settlements);
    }

    @Override
    public List<WebhookDelivery> recent(long webhookId, int limit) {
        return real.recent(webhookId, limit);
    }

    @Override
    public Optional<WebhookDelivery> find(long webhookId, long deliveryId) {
        return real.find(webhookId, deliveryId);
    }

    @Override
    public boolean redeliver(long webhookId, long deliveryId, Instant now) {
        return real.redeliver(webhookId, deliveryId, now);
    }

    @Override
    public DeliveryCounts counts() {
        return real.counts();
    }

    @Override
    public int deleteSettledBefore(Instant cutoff) {
        return real.deleteSettledBefore(cutoff);
    }

    @Override
    public OutboxBacklog backlog(Instant now) {
        return real.backlog(now);
    }
}
