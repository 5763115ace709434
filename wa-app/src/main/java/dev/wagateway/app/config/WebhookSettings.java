package dev.wagateway.app.config;

import java.net.URI;
import java.util.Optional;

/** Webhook delivery (contract §9.4). */
public record WebhookSettings(
        boolean enabled,
        int workers,
        int maxInFlightPerWebhook,
        int retryLimit,
        int maxPerDevice,
        int cacheTtlSeconds,
        int deliveryRetentionDays,
        boolean allowInsecure,
        boolean allowPrivateTargets,
        Optional<URI> httpProxy,
        Optional<URI> httpsProxy,
        Optional<String> noProxy) {
}
