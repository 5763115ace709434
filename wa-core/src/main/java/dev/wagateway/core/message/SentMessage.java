package dev.wagateway.core.message;

import java.time.Instant;
import java.util.List;

/**
 * A message the server accepted: its id (what receipts will name) and the server's timestamp.
 *
 * @param skippedDevices the recipient devices (JIDs) the message could not be encrypted for because WhatsApp had no
 *                       usable keys for them: every other device got it, and these are retried in the background
 *                       until they have keys (issue 22, fan-out isolation); empty for most sends
 */
public record SentMessage(String messageId, String chat, Instant timestamp, List<String> skippedDevices) {

    /** Copies the list. */
    public SentMessage {
        skippedDevices = List.copyOf(skippedDevices);
    }

    /** A send that reached every recipient device. */
    public SentMessage(String messageId, String chat, Instant timestamp) {
        this(messageId, chat, timestamp, List.of());
    }
}
