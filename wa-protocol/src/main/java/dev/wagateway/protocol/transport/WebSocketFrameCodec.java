package dev.wagateway.protocol.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Websocket frames as a client writes and reads them (RFC 6455 §5): client frames are masked, server frames must
 * not be; a payload's announced length is checked against the limit before anything is allocated.
 */
final class WebSocketFrameCodec {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame read from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
    }

    private WebSocketFrameCodec() {
    }

    /** Writes one complete, masked frame. */
    static void write(OutputStream out, int opcode, byte[] payload, SecureRandom random) throws IOException {
        int length = payload.length;
        int headerLength = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) (0x80 | opcode);
        int at;
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
            at = 2;
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            at = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
            at = 10;
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException when the stream ends before a frame starts or in one
     * @throws IOException  when the frame breaks the protocol or exceeds {@code maxPayload}
     */
    static Frame read(InputStream in, int maxPayload) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the server closed the connection");
        }
        int second = readByte(in);
        if ((first & 0x70) != 0) {
            throw new IOException("websocket frame with reserved bits set");
        }
        if ((second & 0x80) != 0) {
            throw new IOException("the server sent a masked websocket frame");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        int opcode = first & 0x0F;
        boolean control = (opcode & 0x8) != 0;
        if (length < 0 || length > maxPayload || (control && length > 125)) {
            throw new IOException("websocket frame of " + length + " bytes is too large");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("the server closed the connection in the middle of a frame");
        }
        return new Frame((first & 0x80) != 0, opcode, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection in the middle of a frame");
        }
        return b;
    }
}
