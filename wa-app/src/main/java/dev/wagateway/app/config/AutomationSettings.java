package dev.wagateway.app.config;

import java.time.Duration;

/**
 * Human-like behaviour around sends and reads, and the per-device send limiter and queue (contract §4.7, §9.3;
 * {@code sendQueueMax} ({@code WHATSAPP_SEND_QUEUE_MAX}), {@code sendMaxInFlight}
 * ({@code WHATSAPP_SEND_MAX_IN_FLIGHT}, across all devices), {@code sendMaxWait} ({@code WHATSAPP_SEND_MAX_WAIT},
 * zero = none) and {@code newChatsPerDay}
 * ({@code WHATSAPP_NEW_CHATS_PER_DAY}, 0 = no cap) are this gateway's own).
 */
public record AutomationSettings(
        boolean autoPresence,
        boolean autoTyping,
        Duration typingDelayMin,
        Duration typingDelayMax,
        boolean autoMarkRead,
        boolean readReceiptJitter,
        Duration readReceiptDelayMin,
        Duration readReceiptDelayMax,
        boolean rateLimitEnabled,
        int rateLimitPerMinute,
        int rateLimitBurst,
        int sendQueueMax,
        int sendMaxInFlight,
        Duration sendMaxWait,
        int newChatsPerDay) {
}
