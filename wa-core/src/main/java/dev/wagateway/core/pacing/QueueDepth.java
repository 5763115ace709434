package dev.wagateway.core.pacing;

/**
 * A device's send queue as {@code GET /devices/me/status} shows it.
 *
 * @param depth    sends waiting for their turn or going out now
 * @param capacity the most that may wait or run at once; one more is refused with a 429
 * @param accepted sends the queue took in since the gateway started (refused ones not counted)
 * @param paced    whether sends wait their turn and a token ({@code WHATSAPP_RATE_LIMIT_ENABLED})
 */
public record QueueDepth(int depth, int capacity, long accepted, boolean paced) {
}
