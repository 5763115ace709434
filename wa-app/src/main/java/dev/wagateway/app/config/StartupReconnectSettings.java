package dev.wagateway.app.config;

import java.time.Duration;

/** How paired devices are restored at boot (contract §8.8, §9.3). */
public record StartupReconnectSettings(int concurrency, Duration jitterMax, int retries, Duration backoffBase,
                                       Duration backoffMax) {
}
