package dev.wagateway.protocol.signal;

import java.util.Objects;

/** A Signal operation failed; {@link #error()} says why, as a closed family to switch over. */
public final class SignalProtocolException extends Exception {

    private final transient SignalError error;

    /** Wraps {@code error}; the message is its description. */
    public SignalProtocolException(SignalError error) {
        super(Objects.requireNonNull(error, "error").describe());
        this.error = error;
    }

    /** Wraps {@code error} with the low-level cause (a parser or cipher failure). */
    public SignalProtocolException(SignalError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").describe(), cause);
        this.error = error;
    }

    /** Why the operation failed. */
    public SignalError error() {
        return error;
    }
}
