package dev.wagateway.protocol.signal;

/** One side of a pairwise conversation in a delivery simulation: our implementation or the independent peer. */
interface Party {

    String name();

    /** True once it has a session to send with. */
    boolean canSend();

    Envelope send(byte[] plaintext) throws Exception;

    byte[] receive(Envelope envelope) throws Exception;

    /** True if {@code failure} (thrown by {@link #receive}) is this implementation's duplicate-message error. */
    boolean isDuplicate(Exception failure);
}
