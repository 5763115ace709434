package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.noise.NoiseHandshakeException;
import dev.wagateway.protocol.noise.NoiseInitiator;
import dev.wagateway.protocol.noise.NoiseTransport;
import dev.wagateway.protocol.noise.ServerCertificateCheck;
import dev.wagateway.protocol.transport.FrameConnection;
import dev.wagateway.protocol.transport.FrameDialer;
import dev.wagateway.protocol.transport.FrameListener;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One chat connection after its Noise handshake: nodes in, nodes out. Incoming nodes are decrypted and decoded on
 * the transport's reader and handed to the {@link Handler} in order; the handler must not block.
 */
public final class NoiseSocket {

    /** Hears what arrives on one socket. */
    public interface Handler {
        /** One decoded node, in arrival order. */
        void onNode(NoiseSocket socket, Node node);

        /** The socket ended; called once. */
        void onClosed(NoiseSocket socket, String reason);
    }

    private final Handler handler;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<byte[]> serverHello = new CompletableFuture<>();
    private volatile NoiseTransport transport;
    private volatile FrameConnection connection;
    private volatile String closeReason;
    private volatile boolean established;

    private NoiseSocket(Handler handler) {
        this.handler = handler;
    }

    /** A socket that is not connected yet: {@link #handshake} connects it. */
    public static NoiseSocket create(Handler handler) {
        return new NoiseSocket(handler);
    }

    /**
     * Dials, runs the handshake with {@code clientPayload}. Nodes reach the handler from here on; the close is
     * reported to the handler only once the handshake has succeeded (a failed handshake throws instead).
     *
     * @throws IOException when dialling, the handshake or the certificate check fails, or it takes too long
     */
    public void handshake(FrameDialer dialer, URI server, Duration timeout, KeyPair noiseKey,
                   ServerCertificateCheck certificateCheck, byte[] clientPayload, SecureRandom random)
            throws IOException {
        NoiseInitiator noise = new NoiseInitiator(noiseKey, Curve25519.generateKeyPair(random), certificateCheck);
        long deadline = System.nanoTime() + timeout.toNanos();
        connection = dialer.dial(server, NoiseInitiator.CONNECTION_HEADER, timeout, listener());
        try {
            connection.send(noise.clientHello());
            long left = Math.max(1, deadline - System.nanoTime());
            byte[] hello = serverHello.get(left, TimeUnit.NANOSECONDS);
            byte[] finish = noise.clientFinish(hello, clientPayload);
            transport = noise.transport();
            connection.send(finish);
            established = true;
            if (closed.get()) {
                throw new IOException("connection closed right after the handshake: " + closeReason);
            }
        } catch (TimeoutException e) {
            close("handshake timed out");
            throw new IOException("no server hello within " + timeout, e);
        } catch (ExecutionException e) {
            close("handshake failed");
            throw new IOException("connection closed during the handshake: " + e.getCause().getMessage(), e.getCause());
        } catch (NoiseHandshakeException e) {
            close("handshake failed");
            throw new IOException("handshake failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close("interrupted");
            throw new IOException("interrupted during the handshake", e);
        } catch (IOException e) {
            close("handshake failed");
            throw e;
        }
    }

    private FrameListener listener() {
        return new FrameListener() {
            @Override
            public void onFrame(byte[] frame) {
                NoiseTransport current = transport;
                if (current == null) {
                    serverHello.complete(frame);
                    return;
                }
                Node node;
                try {
                    node = NodeDecoder.decode(current.decrypt(frame));
                } catch (CryptoException | MalformedNodeException e) {
                    close("undecodable frame: " + e.getMessage());
                    return;
                }
                if (!closed.get()) {
                    handler.onNode(NoiseSocket.this, node);
                }
            }

            @Override
            public void onClosed(String reason, Throwable cause) {
                serverHello.completeExceptionally(new IOException(reason, cause));
                finish(closeReason != null ? closeReason : reason);
            }
        };
    }

    /** Encrypts and sends one node; frames keep the order of the calls. */
    public void send(Node node) throws IOException {
        if (closed.get() || transport == null) {
            throw new IOException(closed.get() ? "socket is closed" : "handshake not finished");
        }
        byte[] payload = NodeEncoder.encode(node);
        sendLock.lock();
        try {
            connection.send(transport.encrypt(payload));
        } finally {
            sendLock.unlock();
        }
    }

    /** Whether the socket has ended. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket; the handler hears {@code reason} (unless the socket had ended already). */
    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        FrameConnection current = connection;
        if (current != null) {
            current.close();
        }
        finish(reason);
    }

    private void finish(String reason) {
        if (closed.compareAndSet(false, true)) {
            if (closeReason == null) {
                closeReason = reason;
            }
            if (established) {
                handler.onClosed(this, reason);
            }
        }
    }
}
