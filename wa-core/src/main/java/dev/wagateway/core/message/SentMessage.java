package dev.wagateway.core.message;

import java.time.Instant;

/** A message the server accepted: its id (what receipts will name) and the server's timestamp. */
public record SentMessage(String messageId, String chat, Instant timestamp) {
}
