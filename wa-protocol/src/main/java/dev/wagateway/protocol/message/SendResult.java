package dev.wagateway.protocol.message;

import java.time.Instant;

/**
 * The server accepted a message.
 *
 * @param id              the message id
 * @param serverTimestamp the authoritative timestamp from the server's ack
 */
public record SendResult(String id, Instant serverTimestamp) {
}
