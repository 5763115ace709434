package dev.wagateway.app.metrics;

import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.webhooks.delivery.AttemptListener;
import dev.wagateway.webhooks.delivery.AttemptOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Webhook delivery attempts by outcome ({@code wa_webhook_attempts_total}), each attempt's duration
 * ({@code wa_webhook_attempt_seconds}) and, for delivered events, the time from queueing to delivery
 * ({@code wa_webhook_delivery_latency_seconds}): both histograms.
 */
final class DeliveryMetrics implements AttemptListener {

    private final MeterRegistry registry;
    private final Timer deliveryLatency;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.deliveryLatency = Timer.builder("wa_webhook_delivery_latency")
                .description("from an event's queueing to its delivery").publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void attempted(WebhookDelivery delivery, AttemptOutcome outcome, Duration took, Duration sinceQueued) {
        String result = switch (outcome) {
            case AttemptOutcome.Delivered delivered -> "delivered";
            case AttemptOutcome.Retryable retryable -> "retryable";
            case AttemptOutcome.Refused refused -> "refused";
            case AttemptOutcome.Blocked blocked -> "blocked";
            case AttemptOutcome.Gone gone -> "gone";
        };
        Counter.builder("wa_webhook_attempts_total").description("webhook delivery attempts by outcome")
                .tag("outcome", result).register(registry).increment();
        Timer.builder("wa_webhook_attempt").description("one delivery attempt, connect to answer")
                .tag("outcome", result).publishPercentileHistogram().register(registry).record(took);
        if (outcome instanceof AttemptOutcome.Delivered) {
            deliveryLatency.record(sinceQueued);
        }
    }
}
