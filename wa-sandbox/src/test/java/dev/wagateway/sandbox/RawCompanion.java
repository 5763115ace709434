package dev.wagateway.sandbox;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.noise.CertificateChainVerifier;
import dev.wagateway.protocol.noise.NoiseHandshakeException;
import dev.wagateway.protocol.noise.NoiseInitiator;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.transport.FrameConnection;
import dev.wagateway.protocol.transport.FrameListener;
import dev.wagateway.protocol.transport.WebSocketFrameDialer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare companion for testing the server contract: a real Noise handshake over the real websocket, then raw nodes
 * in and out. It knows no protocol logic beyond that; the tests spell every step out.
 */
final class RawCompanion implements AutoCloseable {

    /** What the server said last: a node, or the close. */
    sealed interface Incoming {
        record Stanza(Node node) implements Incoming {
        }

        record Closed(String reason) implements Incoming {
        }
    }

    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> handshakeFrames = new LinkedBlockingQueue<>();
    private final FrameConnection connection;
    private final NoiseInitiator noise;
    private volatile boolean handshakeDone;

    private RawCompanion(URI server, byte[] rootKey, KeyPair noiseKey, ClientPayload payload, HttpClient http,
                         SecureRandom random) throws IOException, NoiseHandshakeException, InterruptedException {
        this.noise = new NoiseInitiator(noiseKey, Curve25519.generateKeyPair(random),
                new CertificateChainVerifier(rootKey, Clock.systemUTC()));
        this.connection = new WebSocketFrameDialer(http, 16 << 20).dial(server, NoiseInitiator.CONNECTION_HEADER,
                Duration.ofSeconds(5), new FrameListener() {
                    @Override
                    public void onFrame(byte[] frame) {
                        if (!handshakeDone) {
                            handshakeFrames.add(frame);
                            return;
                        }
                        try {
                            incoming.add(new Incoming.Stanza(NodeDecoder.decode(noise.transport().decrypt(frame))));
                        } catch (CryptoException | MalformedNodeException e) {
                            incoming.add(new Incoming.Closed("undecodable frame: " + e.getMessage()));
                        }
                    }

                    @Override
                    public void onClosed(String reason, Throwable cause) {
                        incoming.add(new Incoming.Closed(reason));
                    }
                });
        connection.send(noise.clientHello());
        byte[] serverHello = handshakeFrames.poll(5, TimeUnit.SECONDS);
        if (serverHello == null) {
            throw new IOException("no server hello");
        }
        byte[] finish = noise.clientFinish(serverHello, payload.toByteArray());
        handshakeDone = true;
        connection.send(finish);
    }

    static RawCompanion connect(SandboxServer server, KeyPair noiseKey, ClientPayload payload, HttpClient http,
                                SecureRandom random) throws Exception {
        return connect(SandboxEndpoint.of(server), noiseKey, payload, http, random);
    }

    static RawCompanion connect(SandboxEndpoint server, KeyPair noiseKey, ClientPayload payload, HttpClient http,
                                SecureRandom random) throws Exception {
        return new RawCompanion(server.webSocketUrl(), server.rootPublicKey(), noiseKey, withUserAgent(payload), http,
                random);
    }

    /**
     * Every real client announces its web version, and the sandbox refuses payloads without a current one (405):
     * payloads built by the tests without a user agent get the gateway's.
     */
    private static ClientPayload withUserAgent(ClientPayload payload) {
        if (payload.hasUserAgent()) {
            return payload;
        }
        return payload.toBuilder().setUserAgent(ClientPayload.UserAgent.newBuilder()
                .setPlatform(ClientPayload.UserAgent.Platform.WEB)
                .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder().setPrimary(2).setSecondary(3000)
                        .setTertiary((int) WebVersionGate.DEFAULT_CURRENT.tertiary()))).build();
    }

    void send(Node node) throws IOException {
        connection.send(noise.transport().encrypt(NodeEncoder.encode(node)));
    }

    /** The next node, failing if the connection closed or nothing came within 5 s. */
    Node next() throws InterruptedException {
        Incoming next = incoming.poll(5, TimeUnit.SECONDS);
        if (next instanceof Incoming.Stanza stanza) {
            return stanza.node();
        }
        throw new AssertionError(next == null ? "no node within 5 s" : "closed: " + ((Incoming.Closed) next).reason());
    }

    /** The next node with {@code tag}, skipping others. */
    Node next(String tag) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Node node = next();
            if (node.tag().equals(tag)) {
                return node;
            }
        }
        throw new AssertionError("no <" + tag + "> among the next 50 nodes");
    }

    /** Waits for the server to close the connection. */
    String awaitClose() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Incoming next = incoming.poll(5, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("connection still open after 5 s");
            }
            if (next instanceof Incoming.Closed closed) {
                return closed.reason();
            }
        }
        throw new AssertionError("connection not closed");
    }

    static ByteString bytes(byte[] value) {
        return ByteString.copyFrom(value);
    }

    @Override
    public void close() {
        connection.close();
    }
}
