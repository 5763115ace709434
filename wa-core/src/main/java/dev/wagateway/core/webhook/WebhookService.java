package dev.wagateway.core.webhook;

import dev.wagateway.core.error.ConflictException;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.NotFoundException;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.secret.SecretGenerator;
import dev.wagateway.core.transaction.UnitOfWork;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A device's webhooks (api.md rows 73–79): every operation is scoped to the authenticated device, and another
 * device's webhook id behaves exactly like a missing one.
 */
public final class WebhookService {

    /** The newest deliveries shown by the log route. */
    public static final int LOG_LIMIT = 100;

    private final WebhookRepository webhooks;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookOutbox outbox;
    private final UnitOfWork unitOfWork;
    private final WebhookTargetCheck targets;
    private final SecretGenerator secrets;
    private final int maxPerDevice;
    private final Clock clock;

    /** Wires the service; {@code maxPerDevice} is {@code WEBHOOK_MAX_PER_DEVICE}. */
    public WebhookService(WebhookRepository webhooks, WebhookDeliveryRepository deliveries, WebhookOutbox outbox,
                          UnitOfWork unitOfWork, WebhookTargetCheck targets, SecretGenerator secrets,
                          int maxPerDevice, Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.secrets = secrets;
        this.maxPerDevice = maxPerDevice;
        this.clock = clock;
    }

    /**
     * Creates a webhook with a server-generated secret.
     *
     * @throws InvalidRequestException {@code url is required}, a refused URL, {@code webhook limit reached}
     */
    public Webhook create(UUID deviceId, String url, List<String> events) {
        String target = checkedUrl(url);
        return webhooks.insertWithinLimit(deviceId, target, secrets.webhookSecret(), cleanEvents(events),
                        clock.instant(), maxPerDevice)
                .orElseThrow(() -> new InvalidRequestException("webhook limit reached"));
    }

    /** The device's webhooks. */
    public List<Webhook> list(UUID deviceId) {
        return webhooks.listByDevice(deviceId);
    }

    /** One of the device's webhooks. */
    public Webhook get(UUID deviceId, long id) {
        return webhooks.find(deviceId, id).orElseThrow(() -> new NotFoundException("webhook not found"));
    }

    /** Replaces url, events and active flag (api.md row 76: an absent {@code active} means false). */
    public void replace(UUID deviceId, long id, String url, List<String> events, boolean active) {
        String target = checkedUrl(url);
        if (!webhooks.replace(deviceId, id, target, cleanEvents(events), active, clock.instant())) {
            throw new NotFoundException("webhook not found");
        }
    }

    /** Deletes the webhook and its deliveries; deleting a missing one is not an error. */
    public void delete(UUID deviceId, long id) {
        webhooks.delete(deviceId, id);
    }

    /** The newest deliveries of one of the device's webhooks. */
    public List<WebhookDelivery> logs(UUID deviceId, long id) {
        get(deviceId, id);
        return deliveries.recent(id, LOG_LIMIT);
    }

    /** Queues a {@code test.ping} for this webhook only, whatever its filter and active flag. */
    public void test(UUID deviceId, long id) {
        Webhook webhook = get(deviceId, id);
        outbox.recordTo(unitOfWork, webhook, new GatewayEvent(EventTypes.TEST_PING, deviceId, clock.instant(),
                Map.of("message", "test webhook delivery"), ""));
    }

    /**
     * Makes a settled delivery of one of the device's webhooks due again, with its attempts reset.
     *
     * @throws NotFoundException no such webhook of the device, or no such delivery of it
     * @throws ConflictException the delivery is still pending (it needs no redelivery), or webhook delivery is
     *                           switched off ({@code WEBHOOKS_ENABLED=false}: nothing would deliver it)
     */
    public void redeliver(UUID deviceId, long webhookId, long deliveryId) {
        get(deviceId, webhookId);
        if (!outbox.enabled()) {
            throw new ConflictException("webhook delivery is disabled (WEBHOOKS_ENABLED=false)");
        }
        WebhookDelivery delivery = deliveries.find(webhookId, deliveryId)
                .orElseThrow(() -> new NotFoundException("delivery not found"));
        if (delivery.status() == DeliveryStatus.PENDING || !deliveries.redeliver(webhookId, deliveryId,
                clock.instant())) {
            throw new ConflictException("the delivery is still pending: it will be attempted without a redelivery");
        }
        outbox.committed(1);
    }

    /** Totals over all devices. */
    public WebhookStats stats() {
        WebhookCounts counts = webhooks.counts();
        DeliveryCounts delivered = deliveries.counts();
        return new WebhookStats(counts.total(), counts.active(), delivered.total(), delivered.success(),
                delivered.failed(), delivered.pending());
    }

    private String checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequestException("url is required");
        }
        String target = url.strip();
        targets.refusal(target).ifPresent(reason -> {
            throw new InvalidRequestException(reason);
        });
        return target;
    }

    private static List<String> cleanEvents(List<String> events) {
        return events == null ? List.of() : events.stream().filter(e -> e != null && !e.isBlank())
                .map(String::strip).distinct().toList();
    }
}
