package dev.wagateway.protocol.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A frame connection over a websocket this class speaks itself on a socket (used where the JDK's websocket client
 * cannot go: through a SOCKS5 proxy or an authenticated {@code CONNECT} tunnel). One virtual thread reads; it
 * answers pings, feeds binary messages to the frame splitter and reports the end once.
 */
final class SocketFrameConnection implements FrameConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketFrameConnection.class);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameWriter writer;
    private final FrameReader reader;
    private final FrameListener listener;
    private final SecureRandom random;
    private final int maxMessage;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    SocketFrameConnection(Socket socket, byte[] introHeader, int maxFrameSize, FrameListener listener,
                          SecureRandom random) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.writer = new FrameWriter(introHeader);
        this.reader = new FrameReader(new byte[0], maxFrameSize);
        this.listener = listener;
        this.random = random;
        // a websocket message may carry a frame and the start of the next one
        this.maxMessage = maxFrameSize + (64 << 10);
    }

    /** Starts the reader. */
    void start() {
        Thread.ofVirtual().name("wa-socket-reader").start(this::readLoop);
    }

    private void readLoop() {
        boolean inText = false;
        try {
            while (!closed.get()) {
                WebSocketFrameCodec.Frame frame = WebSocketFrameCodec.read(in, maxMessage);
                switch (frame.opcode()) {
                    case WebSocketFrameCodec.BINARY, WebSocketFrameCodec.CONTINUATION -> {
                        if (frame.opcode() == WebSocketFrameCodec.BINARY || !inText) {
                            for (byte[] complete : reader.feed(ByteBuffer.wrap(frame.payload()))) {
                                listener.onFrame(complete);
                            }
                        }
                        if (frame.fin()) {
                            inText = false;
                        }
                    }
                    case WebSocketFrameCodec.TEXT -> inText = !frame.fin(); // binary protocol: text is ignored
                    case WebSocketFrameCodec.PING -> control(WebSocketFrameCodec.PONG, frame.payload());
                    case WebSocketFrameCodec.PONG -> { }
                    case WebSocketFrameCodec.CLOSE -> {
                        control(WebSocketFrameCodec.CLOSE, frame.payload().length >= 2
                                ? new byte[]{frame.payload()[0], frame.payload()[1]} : new byte[0]);
                        finish("server closed the websocket (" + closeText(frame.payload()) + ")", null);
                        return;
                    }
                    default -> throw new IOException("unknown websocket opcode " + frame.opcode());
                }
            }
        } catch (EOFException e) {
            finish("server closed the connection", null);
        } catch (IOException e) {
            finish(closed.get() ? "closed locally" : "websocket failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            log.warn("frame handling failed", e);
            finish("frame handling failed: " + e.getMessage(), e);
        } finally {
            closeSocket();
        }
    }

    @Override
    public void send(byte[] frame) throws IOException {
        if (closed.get()) {
            throw new IOException("connection is closed");
        }
        byte[] framed = writer.frame(frame);
        sendLock.lock();
        try {
            WebSocketFrameCodec.write(out, WebSocketFrameCodec.BINARY, framed, random);
        } catch (IOException e) {
            finish("send failed: " + e.getMessage(), e);
            closeSocket();
            throw new IOException("send failed: " + e.getMessage(), e);
        } finally {
            sendLock.unlock();
        }
    }

    private void control(int opcode, byte[] payload) throws IOException {
        sendLock.lock();
        try {
            WebSocketFrameCodec.write(out, opcode, payload, random);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void close() {
        if (!closed.get() && sendLock.tryLock()) {
            // a polite close when nothing is being written; never wait behind a stalled write
            try {
                WebSocketFrameCodec.write(out, WebSocketFrameCodec.CLOSE, new byte[]{0x03, (byte) 0xE8}, random);
            } catch (IOException ignored) {
                // the socket is closed below anyway
            } finally {
                sendLock.unlock();
            }
        }
        finish("closed locally", null);
        closeSocket();
    }

    private void finish(String reason, Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            listener.onClosed(reason, cause);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static String closeText(byte[] payload) {
        if (payload.length < 2) {
            return "no status";
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        return reason.isEmpty() ? String.valueOf(code) : code + " " + reason;
    }
}
