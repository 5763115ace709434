package dev.wagateway.sandbox;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.noise.NoiseHandshakeException;
import dev.wagateway.protocol.noise.NoiseInitiator;
import dev.wagateway.protocol.noise.NoiseResponder;
import dev.wagateway.protocol.noise.NoiseTransport;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.transport.FrameReader;
import dev.wagateway.protocol.transport.FrameWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection to the sandbox: the server side of the Noise handshake, then encrypted binary nodes both
 * ways. Incoming data arrives on one thread at a time (the websocket's); {@link #send} may be called from any thread.
 */
final class ChatConnection {

    /** Where encrypted frames go: the websocket, or a test double. */
    interface Outbound {
        void sendBinary(ByteBuffer data) throws IOException;

        void close();
    }

    /** What the server does with an authenticated connection. */
    interface Handler {
        /** The handshake finished with this payload; the handler sends the first node (success, failure, pair-device). */
        void onHandshake(ChatConnection connection, ClientPayload payload, byte[] clientStaticKey);

        void onNode(ChatConnection connection, Node node);

        void onClosed(ChatConnection connection);
    }

    private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);
    private static final int MAX_FRAME = 16 << 20;
    private static final long CLOSE_GRACE_MILLIS = 500;

    private final Outbound outbound;
    private final Handler handler;
    private final NoiseResponder responder;
    private final FrameReader reader = new FrameReader(NoiseInitiator.CONNECTION_HEADER, MAX_FRAME);
    private final FrameWriter writer = new FrameWriter(new byte[0]);
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private NoiseTransport transport;
    private boolean helloSeen;
    private volatile Object owner;

    ChatConnection(Outbound outbound, SandboxIdentity identity, SecureRandom random, Handler handler) {
        this.outbound = outbound;
        this.handler = handler;
        this.responder = new NoiseResponder(identity.serverStatic(), Curve25519.generateKeyPair(random),
                identity.certificateChain());
    }

    /** Bytes from the websocket: complete frames are handled in order. */
    void onData(ByteBuffer data) {
        if (closed.get()) {
            return;
        }
        try {
            List<byte[]> frames = reader.feed(data);
            for (byte[] frame : frames) {
                onFrame(frame);
            }
        } catch (IOException | NoiseHandshakeException e) {
            log.debug("closing connection: {}", e.getMessage());
            close();
        }
    }

    private void onFrame(byte[] frame) throws IOException, NoiseHandshakeException {
        if (!helloSeen) {
            helloSeen = true;
            sendRaw(responder.serverHello(frame));
            return;
        }
        if (transport == null) {
            NoiseResponder.ClientIdentity client = responder.clientFinish(frame);
            sendLock.lock();
            try {
                transport = responder.transport();
            } finally {
                sendLock.unlock();
            }
            ClientPayload payload;
            try {
                payload = ClientPayload.parseFrom(client.payload());
            } catch (InvalidProtocolBufferException e) {
                throw new IOException("client payload is not a ClientPayload", e);
            }
            handler.onHandshake(this, payload, client.staticKey());
            return;
        }
        byte[] plain;
        try {
            plain = transport.decrypt(frame);
        } catch (CryptoException e) {
            log.debug("dropping a frame that does not decrypt");
            return;
        }
        Node node;
        try {
            node = NodeDecoder.decode(plain);
        } catch (MalformedNodeException e) {
            log.debug("dropping a malformed node: {}", e.getMessage());
            return;
        }
        try {
            handler.onNode(this, node);
        } catch (RuntimeException e) {
            // A stanza the server cannot make sense of must not take the connection (or the server) down.
            log.warn("stanza <{}> failed: {}", node.tag(), e.toString());
        }
    }

    /** Encrypts and sends a node; silently dropped once the connection is closed. */
    void send(Node node) {
        if (closed.get() || closing.get()) {
            return;
        }
        sendLock.lock();
        try {
            if (transport == null) {
                throw new IllegalStateException("handshake not finished");
            }
            outbound.sendBinary(ByteBuffer.wrap(writer.frame(transport.encrypt(NodeEncoder.encode(node)))));
        } catch (IOException e) {
            log.debug("send failed, closing: {}", e.getMessage());
            close();
        } finally {
            sendLock.unlock();
        }
    }

    private void sendRaw(byte[] frame) throws IOException {
        sendLock.lock();
        try {
            outbound.sendBinary(ByteBuffer.wrap(writer.frame(frame)));
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends a last node (a stream error or failure) and closes shortly after: clients decode frames asynchronously,
     * and a close that overtakes the stanza would hide why the stream ended. Nothing else is sent meanwhile.
     */
    void closeWith(Node last) {
        send(last);
        if (closing.compareAndSet(false, true)) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(CLOSE_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                close();
            });
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            outbound.close();
            handler.onClosed(this);
        }
    }

    /** The websocket closed under us. */
    void onTransportClosed() {
        if (closed.compareAndSet(false, true)) {
            handler.onClosed(this);
        }
    }

    boolean isClosed() {
        return closed.get() || closing.get();
    }

    /** Who this connection speaks for once known: a {@link CompanionDevice} or a pending registration. */
    Object owner() {
        return owner;
    }

    void owner(Object newOwner) {
        this.owner = newOwner;
    }
}
