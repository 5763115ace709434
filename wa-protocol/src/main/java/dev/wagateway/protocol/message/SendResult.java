package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.List;

/**
 * The server accepted a message.
 *
 * @param id              the message id
 * @param serverTimestamp the authoritative timestamp from the server's ack
 * @param skippedDevices  recipient devices the message could not be encrypted for (no session, and the server had no
 *                        usable pre-key bundle for them): the others got it; these are tried again in the background
 *                        ({@link DeliveryRetryPolicy}) and may also ask with a retry receipt. Empty for most sends.
 */
public record SendResult(String id, Instant serverTimestamp, List<Jid> skippedDevices) {

    /** Copies the list. */
    public SendResult {
        skippedDevices = List.copyOf(skippedDevices);
    }

    /** A send that reached every recipient device. */
    public SendResult(String id, Instant serverTimestamp) {
        this(id, serverTimestamp, List.of());
    }
}
