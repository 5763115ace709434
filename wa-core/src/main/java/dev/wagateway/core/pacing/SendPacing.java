package dev.wagateway.core.pacing;

import java.time.Duration;

/**
 * How a device's sends are paced (api.md §4.7, §9.3): with {@code enabled}, each device's sends wait their turn in
 * arrival order and then for a token of a bucket of {@code burst} tokens refilled at {@code perMinute}; at most
 * {@code queueCapacity} sends of a device wait or run at once, more are refused with a 429 (pacing on or off).
 *
 * @param enabled       {@code WHATSAPP_RATE_LIMIT_ENABLED}
 * @param perMinute     {@code WHATSAPP_RATE_LIMIT_MSG_PER_MINUTE}, at least 1
 * @param burst         {@code WHATSAPP_RATE_LIMIT_BURST_SIZE}, 1 to {@code perMinute}
 * @param queueCapacity {@code WHATSAPP_SEND_QUEUE_MAX}, at least 1
 */
public record SendPacing(boolean enabled, int perMinute, int burst, int queueCapacity) {

    /** Checks the ranges. */
    public SendPacing {
        if (perMinute < 1 || burst < 1 || burst > perMinute || queueCapacity < 1) {
            throw new IllegalArgumentException("pacing out of range: " + perMinute + "/min, burst " + burst
                    + ", queue " + queueCapacity);
        }
    }

    /** The time one token takes to come back. */
    public Duration interval() {
        return Duration.ofNanos(60_000_000_000L / perMinute);
    }
}
