package dev.wagateway.protocol.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.HandshakeMessage;

import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.MALFORMED;

/**
 * The client's side of the XX handshake (protocol §1.3): {@link #clientHello()}, then
 * {@link #clientFinish(byte[], byte[])} with the server's hello and our {@code ClientPayload}, then
 * {@link #transport()}. One instance per connection.
 */
public final class NoiseInitiator {

    /** The 4-byte connection header, mixed in as the prologue and sent before the first frame. */
    public static final byte[] CONNECTION_HEADER = {'W', 'A', 6, 3};

    private final KeyPair noiseKey;
    private final KeyPair ephemeral;
    private final ServerCertificateCheck certificateCheck;
    private final HandshakeState state = new HandshakeState();
    private NoiseTransport transport;

    /**
     * @param noiseKey         this device's long-lived noise key pair
     * @param ephemeral        a fresh key pair for this connection
     * @param certificateCheck what the server's certificate chain must satisfy
     */
    public NoiseInitiator(KeyPair noiseKey, KeyPair ephemeral, ServerCertificateCheck certificateCheck) {
        this.noiseKey = noiseKey;
        this.ephemeral = ephemeral;
        this.certificateCheck = certificateCheck;
        state.mixHash(CONNECTION_HEADER);
        state.mixHash(ephemeral.publicKey());
    }

    /** The first handshake frame: our ephemeral key. */
    public byte[] clientHello() {
        return HandshakeMessage.newBuilder()
                .setClientHello(HandshakeMessage.ClientHello.newBuilder()
                        .setEphemeral(ByteString.copyFrom(ephemeral.publicKey())))
                .build().toByteArray();
    }

    /**
     * Reads the server's hello, checks its certificate, and returns our finishing frame carrying the encrypted
     * static key and {@code clientPayload}. After this, {@link #transport()} is ready.
     */
    public byte[] clientFinish(byte[] serverHelloFrame, byte[] clientPayload) throws NoiseHandshakeException {
        HandshakeMessage.ServerHello hello = parseServerHello(serverHelloFrame);
        byte[] serverEphemeral = hello.getEphemeral().toByteArray();
        state.mixHash(serverEphemeral);
        state.mixKey(Curve25519.sharedSecret(ephemeral.privateKey(), serverEphemeral));
        byte[] serverStatic = state.decryptAndHash(hello.getStatic().toByteArray());
        if (serverStatic.length != 32) {
            throw new NoiseHandshakeException(MALFORMED, "server static key must have 32 bytes");
        }
        state.mixKey(Curve25519.sharedSecret(ephemeral.privateKey(), serverStatic));
        byte[] certificateChain = state.decryptAndHash(hello.getPayload().toByteArray());
        certificateCheck.check(certificateChain, serverStatic);

        byte[] encryptedStatic = state.encryptAndHash(noiseKey.publicKey());
        state.mixKey(Curve25519.sharedSecret(noiseKey.privateKey(), serverEphemeral));
        byte[] encryptedPayload = state.encryptAndHash(clientPayload);
        byte[][] keys = state.split();
        transport = new NoiseTransport(keys[0], keys[1]);
        return HandshakeMessage.newBuilder()
                .setClientFinish(HandshakeMessage.ClientFinish.newBuilder()
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedPayload)))
                .build().toByteArray();
    }

    /** The transport cipher; only after {@link #clientFinish}. */
    public NoiseTransport transport() {
        if (transport == null) {
            throw new IllegalStateException("the handshake has not finished");
        }
        return transport;
    }

    HandshakeState state() {
        return state;
    }

    private static HandshakeMessage.ServerHello parseServerHello(byte[] frame) throws NoiseHandshakeException {
        HandshakeMessage message;
        try {
            message = HandshakeMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseHandshakeException(MALFORMED, "server hello is not a HandshakeMessage", e);
        }
        HandshakeMessage.ServerHello hello = message.getServerHello();
        if (!message.hasServerHello() || hello.getEphemeral().size() != 32 || hello.getStatic().isEmpty()
                || hello.getPayload().isEmpty()) {
            throw new NoiseHandshakeException(MALFORMED, "server hello lacks its ephemeral key, static key or payload");
        }
        return hello;
    }
}
