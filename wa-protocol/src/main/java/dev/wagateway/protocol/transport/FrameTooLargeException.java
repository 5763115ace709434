package dev.wagateway.protocol.transport;

import java.io.IOException;

/** A peer announced (or we tried to send) a frame larger than the limit; the connection cannot continue. */
public final class FrameTooLargeException extends IOException {

    public FrameTooLargeException(String message) {
        super(message);
    }
}
