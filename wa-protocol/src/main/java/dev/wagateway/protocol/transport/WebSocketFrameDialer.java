package dev.wagateway.protocol.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frame connections over the JDK's websocket client. One dialer (and one {@link HttpClient}) serves every
 * connection of the process; each connection costs a websocket and a small frame buffer, no thread of its own.
 */
public final class WebSocketFrameDialer implements FrameDialer {

    /** The origin the real web client sends. */
    public static final String ORIGIN = "https://web.whatsapp.com";

    private final HttpClient httpClient;
    private final int maxFrameSize;

    /**
     * @param httpClient   shared client (its executor runs the websocket callbacks)
     * @param maxFrameSize largest incoming frame accepted
     */
    public WebSocketFrameDialer(HttpClient httpClient, int maxFrameSize) {
        this.httpClient = httpClient;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public FrameConnection dial(URI server, byte[] introHeader, Duration timeout, FrameListener listener)
            throws IOException {
        Connection connection = new Connection(new FrameWriter(introHeader), new FrameReader(new byte[0], maxFrameSize),
                listener);
        try {
            WebSocket webSocket = httpClient.newWebSocketBuilder()
                    .header("Origin", ORIGIN)
                    .connectTimeout(timeout)
                    .buildAsync(server, connection)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            connection.attach(webSocket);
            return connection;
        } catch (ExecutionException e) {
            throw new IOException("cannot connect to " + server + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("cannot connect to " + server + ": timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + server, e);
        }
    }

    private static final class Connection implements FrameConnection, WebSocket.Listener {

        private final FrameWriter writer;
        private final FrameReader reader;
        private final FrameListener listener;
        private final ReentrantLock sendLock = new ReentrantLock();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile WebSocket webSocket;

        Connection(FrameWriter writer, FrameReader reader, FrameListener listener) {
            this.writer = writer;
            this.reader = reader;
            this.listener = listener;
        }

        void attach(WebSocket socket) {
            this.webSocket = socket;
        }

        @Override
        public void onOpen(WebSocket socket) {
            this.webSocket = socket;
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            try {
                List<byte[]> frames = reader.feed(data);
                for (byte[] frame : frames) {
                    listener.onFrame(frame);
                }
                socket.request(1);
            } catch (IOException e) {
                fail("invalid data from server: " + e.getMessage(), e);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            socket.request(1); // the protocol is binary only; text is ignored as the real clients do
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            finish("server closed the websocket (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")", null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            finish("websocket failed: " + error.getMessage(), error);
        }

        @Override
        public void send(byte[] frame) throws IOException {
            if (closed.get()) {
                throw new IOException("connection is closed");
            }
            sendLock.lock();
            try {
                webSocket.sendBinary(ByteBuffer.wrap(writer.frame(frame)), true).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException("send failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                fail("send timed out", e);
                throw new IOException("send timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            } finally {
                sendLock.unlock();
            }
        }

        @Override
        public void close() {
            WebSocket socket = webSocket;
            if (socket != null && !socket.isOutputClosed()) {
                CompletableFuture<WebSocket> closing = socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
                closing.orTimeout(2, TimeUnit.SECONDS).whenComplete((ignored, error) -> socket.abort());
            }
            finish("closed locally", null);
        }

        private void fail(String reason, Throwable cause) {
            WebSocket socket = webSocket;
            if (socket != null) {
                socket.abort();
            }
            finish(reason, cause);
        }

        private void finish(String reason, Throwable cause) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(reason, cause);
            }
        }
    }
}
