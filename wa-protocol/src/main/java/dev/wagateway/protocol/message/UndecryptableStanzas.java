package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Node;

import java.util.List;
import java.util.Optional;

/**
 * What a message we could not read calls for (whatsmeow {@code decryptMessages}): a retry receipt only when the
 * sender re-encrypting for us can help. Not for an {@code <unavailable>} placeholder (the server has no ciphertext
 * for us; whatsmeow asks our own phone for the message instead), not for a bot's {@code msmsg} whose message secret
 * we lack (nacked with {@value #NACK_MISSING_MESSAGE_SECRET}), and not for {@code v="3"} payloads this client does
 * not read (the sender would send the same kind again).
 */
final class UndecryptableStanzas {

    /** whatsmeow {@code NackMissingMessageSecret}. */
    static final int NACK_MISSING_MESSAGE_SECRET = 495;

    private UndecryptableStanzas() {
    }

    /** Whether a retry receipt can bring a message we can read. */
    static boolean retryHelps(Node stanza) {
        List<Node> encs = stanza.children("enc");
        if (encs.isEmpty()) {
            return false; // <unavailable>, or nothing at all to decrypt
        }
        if (encs.stream().allMatch(enc -> enc.attribute("type", "").equals("msmsg"))) {
            return false;
        }
        return encs.stream().noneMatch(enc -> enc.attribute("v", "2").equals("3"));
    }

    /** The error code the stanza is acknowledged with, if any. */
    static Optional<Integer> nack(Node stanza) {
        List<Node> encs = stanza.children("enc");
        boolean secretMessage = !encs.isEmpty()
                && encs.stream().allMatch(enc -> enc.attribute("type", "").equals("msmsg"));
        return secretMessage ? Optional.of(NACK_MISSING_MESSAGE_SECRET) : Optional.empty();
    }
}
