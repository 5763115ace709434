package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SignalMessage;

import java.util.HexFormat;

/**
 * A pairwise ciphertext in flight between two test parties, as the {@code <enc>} node would carry it.
 *
 * @param type  {@code msg} or {@code pkmsg}
 * @param bytes the ciphertext
 */
record Envelope(String type, byte[] bytes) {

    /** The sender's ratchet key, read with our parser (the same for both implementations: one wire format). */
    String ratchetKeyHex() throws Exception {
        SignalMessage message = switch (PairwiseMessage.parse(type, bytes)) {
            case SignalMessage m -> m;
            case PreKeySignalMessage m -> m.message();
        };
        return HexFormat.of().formatHex(message.ratchetKey());
    }
}
