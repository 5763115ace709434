package dev.wagateway.protocol.transport;

import java.io.IOException;

/**
 * A bidirectional connection carrying frames (the payloads between 3-byte lengths). Implementations do the framing,
 * so callers deal in whole frames only. Incoming frames and the close go to the {@link FrameListener} given when
 * the connection was opened, in order, from one thread at a time.
 */
public interface FrameConnection extends AutoCloseable {

    /** Sends one frame; safe to call from several threads (frames are not interleaved). */
    void send(byte[] frame) throws IOException;

    /** Closes the connection; the listener hears {@link FrameListener#onClosed} once. Idempotent. */
    @Override
    void close();
}
