package dev.wagateway.protocol.signal.message;

import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;

/** A ciphertext of a pairwise (one device to one device) session: {@code msg} or {@code pkmsg}. */
public sealed interface PairwiseMessage extends CiphertextMessage permits SignalMessage, PreKeySignalMessage {

    /**
     * Parses the content of an {@code <enc>} node by its {@code type} attribute.
     *
     * @throws SignalProtocolException ({@link SignalError.InvalidMessage}) for another type or malformed bytes
     */
    static PairwiseMessage parse(String encType, byte[] serialized) throws SignalProtocolException {
        return switch (encType) {
            case SignalMessage.ENC_TYPE -> SignalMessage.parse(serialized);
            case PreKeySignalMessage.ENC_TYPE -> PreKeySignalMessage.parse(serialized);
            case null, default -> throw new SignalProtocolException(
                    new SignalError.InvalidMessage("not a pairwise enc type: " + encType));
        };
    }
}
