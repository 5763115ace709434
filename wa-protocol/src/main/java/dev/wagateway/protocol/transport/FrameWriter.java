package dev.wagateway.protocol.transport;

/**
 * Frames outgoing payloads (protocol §1.2): a 3-byte big-endian length before each, and a one-time header before
 * the very first one (the client's {@code WA 06 03}; a server has none).
 */
public final class FrameWriter {

    /** The largest payload a 3-byte length can announce. */
    public static final int MAX_PAYLOAD = (1 << 24) - 1;

    private byte[] pendingHeader;

    /** @param introHeader written once before the first frame; empty for none */
    public FrameWriter(byte[] introHeader) {
        this.pendingHeader = introHeader.clone();
    }

    /** The bytes to put on the wire for {@code payload}. Not thread-safe: one writer per connection. */
    public byte[] frame(byte[] payload) throws FrameTooLargeException {
        if (payload.length > MAX_PAYLOAD) {
            throw new FrameTooLargeException("frame of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        byte[] header = pendingHeader;
        pendingHeader = new byte[0];
        byte[] out = new byte[header.length + 3 + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        out[header.length] = (byte) (payload.length >>> 16);
        out[header.length + 1] = (byte) (payload.length >>> 8);
        out[header.length + 2] = (byte) payload.length;
        System.arraycopy(payload, 0, out, header.length + 3, payload.length);
        return out;
    }
}
