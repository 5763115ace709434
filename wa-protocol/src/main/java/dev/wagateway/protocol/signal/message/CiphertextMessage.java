package dev.wagateway.protocol.signal.message;

/** A Signal ciphertext as carried in an {@code <enc>} node. */
public sealed interface CiphertextMessage permits PairwiseMessage, SenderKeyMessage {

    /** The bytes that go into the {@code <enc>} node (a copy). */
    byte[] serialized();

    /** The {@code type} attribute of the {@code <enc>} node: {@code msg}, {@code pkmsg} or {@code skmsg}. */
    String encType();
}
