package dev.wagateway.protocol.presence;

/** What a chat shows about us while we write (protocol §11, {@code <chatstate>}). */
public enum ChatState {
    /** Typing a text. */
    COMPOSING,
    /** Recording a voice note ({@code <composing media="audio"/>}). */
    RECORDING,
    /** Stopped typing or recording. */
    PAUSED
}
