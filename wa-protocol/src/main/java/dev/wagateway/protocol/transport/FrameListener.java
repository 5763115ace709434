package dev.wagateway.protocol.transport;

/** Receives what a {@link FrameConnection} reads. */
public interface FrameListener {

    /** One complete incoming frame. */
    void onFrame(byte[] frame);

    /** The connection ended: closed by either side, or failed ({@code cause} non-null). Called exactly once. */
    void onClosed(String reason, Throwable cause);
}
