package dev.wagateway.app.config;

import java.util.Optional;

/**
 * The event stream and the metrics endpoint.
 *
 * @param eventStreamEnabled   {@code EVENT_STREAM_ENABLED}: keep the durable event log and serve {@code GET /events}
 * @param eventRetentionHours  {@code EVENT_STREAM_RETENTION_HOURS}: how long stored events can be resumed from
 * @param eventBuffer          {@code EVENT_STREAM_BUFFER}: live events a stream may hold unsent before it is cut
 * @param metricsEnabled       {@code METRICS_ENABLED}: serve {@code GET /metrics}
 * @param metricsToken         {@code METRICS_TOKEN}: a bearer token that may read the metrics besides the admin secret
 */
public record ObservabilitySettings(boolean eventStreamEnabled, int eventRetentionHours, int eventBuffer,
                                    boolean metricsEnabled, Optional<String> metricsToken) {

    @Override
    public String toString() {
        return "ObservabilitySettings[eventStream=" + eventStreamEnabled + ", retentionHours=" + eventRetentionHours
                + ", buffer=" + eventBuffer + ", metrics=" + metricsEnabled + ", metricsToken="
                + (metricsToken.isPresent() ? "set" : "none") + "]";
    }
}
