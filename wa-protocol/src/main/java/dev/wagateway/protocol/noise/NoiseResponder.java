package dev.wagateway.protocol.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.HandshakeMessage;

import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.MALFORMED;

/**
 * The server's side of the XX handshake, for a WhatsApp-compatible server (the sandbox): read the client hello,
 * answer with our static key and certificate chain, read the client's static key and payload, then
 * {@link #transport()} with the directions swapped.
 */
public final class NoiseResponder {

    private final KeyPair staticKey;
    private final KeyPair ephemeral;
    private final byte[] certificateChain;
    private final HandshakeState state = new HandshakeState();
    private byte[] clientEphemeral;
    private NoiseTransport transport;

    /** What the client revealed in its finishing message. */
    public record ClientIdentity(byte[] staticKey, byte[] payload) {
    }

    /**
     * @param staticKey        the server's static key pair (the leaf certificate's key)
     * @param ephemeral        a fresh key pair for this connection
     * @param certificateChain the serialized {@code CertChain} to present
     */
    public NoiseResponder(KeyPair staticKey, KeyPair ephemeral, byte[] certificateChain) {
        this.staticKey = staticKey;
        this.ephemeral = ephemeral;
        this.certificateChain = certificateChain.clone();
        state.mixHash(NoiseInitiator.CONNECTION_HEADER);
    }

    /** Reads the client hello and returns the server hello frame. */
    public byte[] serverHello(byte[] clientHelloFrame) throws NoiseHandshakeException {
        HandshakeMessage message = parse(clientHelloFrame);
        if (!message.hasClientHello() || message.getClientHello().getEphemeral().size() != 32) {
            throw new NoiseHandshakeException(MALFORMED, "client hello lacks a 32-byte ephemeral key");
        }
        clientEphemeral = message.getClientHello().getEphemeral().toByteArray();
        state.mixHash(clientEphemeral);
        state.mixHash(ephemeral.publicKey());
        state.mixKey(Curve25519.sharedSecret(ephemeral.privateKey(), clientEphemeral));
        byte[] encryptedStatic = state.encryptAndHash(staticKey.publicKey());
        state.mixKey(Curve25519.sharedSecret(staticKey.privateKey(), clientEphemeral));
        byte[] encryptedCertificate = state.encryptAndHash(certificateChain);
        return HandshakeMessage.newBuilder()
                .setServerHello(HandshakeMessage.ServerHello.newBuilder()
                        .setEphemeral(ByteString.copyFrom(ephemeral.publicKey()))
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedCertificate)))
                .build().toByteArray();
    }

    /** Reads the client's finish: its static key and its {@code ClientPayload} bytes. */
    public ClientIdentity clientFinish(byte[] clientFinishFrame) throws NoiseHandshakeException {
        if (clientEphemeral == null) {
            throw new IllegalStateException("client hello not processed yet");
        }
        HandshakeMessage message = parse(clientFinishFrame);
        if (!message.hasClientFinish() || message.getClientFinish().getStatic().isEmpty()) {
            throw new NoiseHandshakeException(MALFORMED, "client finish lacks its static key");
        }
        byte[] clientStatic = state.decryptAndHash(message.getClientFinish().getStatic().toByteArray());
        if (clientStatic.length != 32) {
            throw new NoiseHandshakeException(MALFORMED, "client static key must have 32 bytes");
        }
        state.mixKey(Curve25519.sharedSecret(ephemeral.privateKey(), clientStatic));
        byte[] payload = state.decryptAndHash(message.getClientFinish().getPayload().toByteArray());
        byte[][] keys = state.split();
        transport = new NoiseTransport(keys[1], keys[0]);
        return new ClientIdentity(clientStatic, payload);
    }

    /** The transport cipher; only after {@link #clientFinish}. */
    public NoiseTransport transport() {
        if (transport == null) {
            throw new IllegalStateException("the handshake has not finished");
        }
        return transport;
    }

    private static HandshakeMessage parse(byte[] frame) throws NoiseHandshakeException {
        try {
            return HandshakeMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseHandshakeException(MALFORMED, "not a HandshakeMessage", e);
        }
    }
}
