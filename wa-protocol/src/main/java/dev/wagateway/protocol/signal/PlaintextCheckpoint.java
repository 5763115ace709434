package dev.wagateway.protocol.signal;

/**
 * Called with a message's plaintext after it decrypted and before the state that decrypted it is saved. Once that
 * state is saved the message's keys are gone, so a caller that must never lose a message keeps the plaintext
 * durably here (a crash between the two then leaves the plaintext, never a spent key and nothing).
 */
@FunctionalInterface
public interface PlaintextCheckpoint {

    /** A checkpoint that keeps nothing. */
    PlaintextCheckpoint NONE = plaintext -> {
    };

    /**
     * @param paddedPlaintext the decrypted bytes, still padded; a runtime exception thrown here aborts the
     *                        decryption before any state is saved
     */
    void reached(byte[] paddedPlaintext);
}
