package dev.wagateway.protocol.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an incoming byte stream into frames: websocket messages may carry several frames or part of one. An optional
 * intro header (what a server reads first from a client) is checked and skipped once. The announced length is checked
 * against the limit before any buffer for it is allocated. Not thread-safe: one reader per connection.
 */
public final class FrameReader {

    private final int maxFrameSize;
    private byte[] expectedHeader;
    private int headerMatched;
    private final byte[] lengthBytes = new byte[3];
    private int lengthRead;
    private byte[] frame;
    private int frameFilled;

    /**
     * @param expectedHeader bytes that must open the stream (empty for none)
     * @param maxFrameSize   the largest frame accepted
     */
    public FrameReader(byte[] expectedHeader, int maxFrameSize) {
        this.expectedHeader = expectedHeader.clone();
        this.maxFrameSize = maxFrameSize;
    }

    /** Consumes {@code data} and returns the frames it completed, in order. */
    public List<byte[]> feed(ByteBuffer data) throws FrameTooLargeException, InvalidHeaderException {
        List<byte[]> complete = new ArrayList<>(1);
        while (data.hasRemaining()) {
            if (headerMatched < expectedHeader.length) {
                byte b = data.get();
                if (b != expectedHeader[headerMatched]) {
                    throw new InvalidHeaderException("stream does not start with the expected header "
                            + java.util.HexFormat.of().formatHex(expectedHeader));
                }
                if (++headerMatched == expectedHeader.length) {
                    expectedHeader = new byte[0];
                    headerMatched = 0;
                }
                continue;
            }
            if (frame == null) {
                lengthBytes[lengthRead++] = data.get();
                if (lengthRead < 3) {
                    continue;
                }
                int length = (lengthBytes[0] & 0xff) << 16 | (lengthBytes[1] & 0xff) << 8 | lengthBytes[2] & 0xff;
                lengthRead = 0;
                if (length > maxFrameSize) {
                    throw new FrameTooLargeException("peer announced a frame of " + length + " bytes, limit "
                            + maxFrameSize);
                }
                frame = new byte[length];
                frameFilled = 0;
            }
            int take = Math.min(data.remaining(), frame.length - frameFilled);
            data.get(frame, frameFilled, take);
            frameFilled += take;
            if (frameFilled == frame.length) {
                complete.add(frame);
                frame = null;
            }
        }
        return complete;
    }

    /** The stream did not begin with the connection header. */
    public static final class InvalidHeaderException extends java.io.IOException {
        public InvalidHeaderException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "FrameReader[pending=" + (frame == null ? 0 : frameFilled) + ", lengthBytes="
                + Arrays.toString(Arrays.copyOf(lengthBytes, lengthRead)) + "]";
    }
}
