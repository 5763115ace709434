package dev.wagateway.protocol.noise;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.CertChain;
import dev.wagateway.protocol.proto.HandshakeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.BAD_SIGNATURE;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.DECRYPTION_FAILED;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.EXPIRED;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.LEAF_KEY_MISMATCH;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.WRONG_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoiseHandshakeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private final SecureRandom random = new SecureRandom();
    private final KeyPair root = Curve25519.generateKeyPair(random);
    private final KeyPair intermediate = Curve25519.generateKeyPair(random);
    private final KeyPair serverStatic = Curve25519.generateKeyPair(random);
    private final KeyPair clientNoise = Curve25519.generateKeyPair(random);

    /** protocol.md Appendix A.1, checked there against Baileys' noise handler step by step. */
    @Test
    void reproducesTheAppendixTranscript() throws Exception {
        KeyPair clientEphemeral = Curve25519.keyPairFromPrivate(HEX.parseHex(
                "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"));
        KeyPair clientStatic = Curve25519.keyPairFromPrivate(HEX.parseHex(
                "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"));
        KeyPair serverEphemeral = Curve25519.keyPairFromPrivate(HEX.parseHex(
                "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"));
        KeyPair server = Curve25519.keyPairFromPrivate(HEX.parseHex(
                "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"));
        byte[] certificate = "CERTCHAIN-PLACEHOLDER".getBytes(StandardCharsets.US_ASCII);

        NoiseInitiator client = new NoiseInitiator(clientStatic, clientEphemeral, (chain, key) -> {
            assertThat(chain).isEqualTo(certificate);
            assertThat(key).isEqualTo(server.publicKey());
        });
        assertThat(HEX.formatHex(client.state().hash()))
                .isEqualTo("ea93d83104c99a639c56981101e075f77768cf615e017e9d1fa0855740862f2c");
        NoiseResponder responder = new NoiseResponder(server, serverEphemeral, certificate);
        byte[] serverHello = responder.serverHello(client.clientHello());
        HandshakeMessage.ServerHello hello = HandshakeMessage.parseFrom(serverHello).getServerHello();
        assertThat(HEX.formatHex(hello.getStatic().toByteArray())).isEqualTo(
                "03288c3f8b01e1602203c7cdfcd5f09812dd98eab99f461c158e4a9321e38b50a69bb128e6f3179f46b0dc820aec566a");
        assertThat(HEX.formatHex(hello.getPayload().toByteArray()))
                .isEqualTo("f136d84fc79f0fdd460ab6ff84f1b14517db47587fbb851a83089d74d9424fdd5036c66c59");

        byte[] finish = client.clientFinish(serverHello, "CLIENTPAYLOAD".getBytes(StandardCharsets.US_ASCII));
        HandshakeMessage.ClientFinish clientFinish = HandshakeMessage.parseFrom(finish).getClientFinish();
        assertThat(HEX.formatHex(clientFinish.getStatic().toByteArray())).isEqualTo(
                "ace3d1c2d7efa9f92313422a7ec9b12da64e3ca359fbb20e55640d0fffeed40b0ce3aea9378e3358690bc2a8e7055dc8");
        assertThat(HEX.formatHex(clientFinish.getPayload().toByteArray()))
                .isEqualTo("d56c1d720feaa3abd9140acd60dc24c4b027b44cdd77ca958e4ce72a58");
        assertThat(HEX.formatHex(client.state().hash()))
                .isEqualTo("65a96b76d7ee45397ffe057c420309198f1c360569d03f383a23121b86fd5b75");
        assertThat(HEX.formatHex(client.transport().encrypt(HEX.parseHex("00f80156"))))
                .isEqualTo("265a6019c334d205f009e9187f972c7d9b349d94");

        NoiseResponder.ClientIdentity identity = responder.clientFinish(finish);
        assertThat(identity.staticKey()).isEqualTo(clientStatic.publicKey());
        assertThat(new String(identity.payload(), StandardCharsets.US_ASCII)).isEqualTo("CLIENTPAYLOAD");
        assertThat(HEX.formatHex(responder.transport().decrypt(HEX.parseHex("265a6019c334d205f009e9187f972c7d9b349d94"))))
                .isEqualTo("00f80156");
    }

    @Test
    void aValidChainCompletesAndFramesFlowBothWaysInOrder() throws Exception {
        byte[] chain = issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(3600));
        NoiseInitiator client = initiator(root.publicKey());
        NoiseResponder server = new NoiseResponder(serverStatic, Curve25519.generateKeyPair(random), chain);

        byte[] finish = client.clientFinish(server.serverHello(client.clientHello()), new byte[]{1, 2, 3});
        assertThat(server.clientFinish(finish).payload()).containsExactly(1, 2, 3);

        for (int i = 0; i < 100; i++) {
            byte[] up = ("up " + i).getBytes(StandardCharsets.UTF_8);
            byte[] down = ("down " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(server.transport().decrypt(client.transport().encrypt(up))).isEqualTo(up);
            assertThat(client.transport().decrypt(server.transport().encrypt(down))).isEqualTo(down);
        }
    }

    @Test
    void aChainFromAnotherRootIsRefused() {
        KeyPair otherRoot = Curve25519.generateKeyPair(random);
        byte[] chain = issue(otherRoot, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(60));
        assertFailure(chain, BAD_SIGNATURE, "not signed by the root key");
    }

    @Test
    void aWrongIssuerSerialIsRefused() {
        byte[] chain = issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(60));
        CertChain parsed = parse(chain);
        CertChain.NoiseCertificate.Details leafDetails = details(parsed.getLeaf()).toBuilder().setIssuerSerial(99).build();
        CertChain tampered = parsed.toBuilder().setLeaf(sign(intermediate, leafDetails)).build();
        assertFailure(tampered.toByteArray(), WRONG_ISSUER, "issuer serial 99");
    }

    @Test
    void aBadLeafSignatureIsRefused() {
        CertChain parsed = parse(issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(60)));
        byte[] signature = parsed.getLeaf().getSignature().toByteArray();
        signature[5] ^= 1;
        CertChain tampered = parsed.toBuilder().setLeaf(parsed.getLeaf().toBuilder()
                .setSignature(ByteString.copyFrom(signature))).build();
        assertFailure(tampered.toByteArray(), BAD_SIGNATURE, "leaf certificate is not signed");
    }

    @Test
    void anExpiredChainIsRefused() {
        byte[] chain = issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(7200), NOW.minusSeconds(3600));
        assertFailure(chain, EXPIRED, "expired");
    }

    @Test
    void aLeafForAnotherKeyIsRefused() {
        byte[] chain = issue(root, intermediate, Curve25519.generateKeyPair(random).publicKey(), 7, 8,
                NOW.minusSeconds(60), NOW.plusSeconds(60));
        assertFailure(chain, LEAF_KEY_MISMATCH, "not the server's static key");
    }

    @Test
    void aTamperedServerHelloFailsToDecrypt() throws Exception {
        byte[] chain = issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(60));
        NoiseInitiator client = initiator(root.publicKey());
        byte[] hello = new NoiseResponder(serverStatic, Curve25519.generateKeyPair(random), chain).serverHello(client.clientHello());
        HandshakeMessage.ServerHello parsed = HandshakeMessage.parseFrom(hello).getServerHello();
        byte[] payload = parsed.getPayload().toByteArray();
        payload[0] ^= 1;
        byte[] tampered = HandshakeMessage.newBuilder().setServerHello(parsed.toBuilder()
                .setPayload(ByteString.copyFrom(payload))).build().toByteArray();
        assertThatThrownBy(() -> client.clientFinish(tampered, new byte[0]))
                .isInstanceOfSatisfying(NoiseHandshakeException.class, e -> assertThat(e.failure()).isEqualTo(DECRYPTION_FAILED));
    }

    @Test
    void aCorruptTransportFrameFailsButTheNextOneStillDecrypts() throws Exception {
        byte[] chain = issue(root, intermediate, serverStatic.publicKey(), 7, 8, NOW.minusSeconds(60), NOW.plusSeconds(60));
        NoiseInitiator client = initiator(root.publicKey());
        NoiseResponder server = new NoiseResponder(serverStatic, Curve25519.generateKeyPair(random), chain);
        server.clientFinish(client.clientFinish(server.serverHello(client.clientHello()), new byte[0]));

        byte[] first = client.transport().encrypt(new byte[]{1});
        byte[] second = client.transport().encrypt(new byte[]{2});
        first[0] ^= 1;
        assertThatThrownBy(() -> server.transport().decrypt(first)).isInstanceOf(CryptoException.class);
        assertThat(server.transport().decrypt(second)).containsExactly(2);
    }

    private void assertFailure(byte[] chain, NoiseHandshakeException.Failure failure, String message) {
        NoiseInitiator client = initiator(root.publicKey());
        assertThatThrownBy(() -> client.clientFinish(
                new NoiseResponder(serverStatic, Curve25519.generateKeyPair(random), chain).serverHello(client.clientHello()),
                new byte[0]))
                .isInstanceOfSatisfying(NoiseHandshakeException.class, e -> assertThat(e.failure()).isEqualTo(failure))
                .hasMessageContaining(message);
    }

    private NoiseInitiator initiator(byte[] rootKey) {
        return new NoiseInitiator(clientNoise, Curve25519.generateKeyPair(random),
                new CertificateChainVerifier(rootKey, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private byte[] issue(KeyPair rootKey, KeyPair intermediateKey, byte[] leafKey, int intermediateSerial, int leafSerial,
                         Instant notBefore, Instant notAfter) {
        return new CertificateChainIssuer(rootKey, random)
                .issue(intermediateKey, intermediateSerial, leafSerial, leafKey, notBefore, notAfter);
    }

    private CertChain.NoiseCertificate sign(KeyPair key, CertChain.NoiseCertificate.Details details) {
        return CertChain.NoiseCertificate.newBuilder().setDetails(details.toByteString())
                .setSignature(ByteString.copyFrom(Curve25519.sign(key.privateKey(), details.toByteArray(), random))).build();
    }

    private static CertChain parse(byte[] chain) {
        try {
            return CertChain.parseFrom(chain);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static CertChain.NoiseCertificate.Details details(CertChain.NoiseCertificate certificate) {
        try {
            return CertChain.NoiseCertificate.Details.parseFrom(certificate.getDetails());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
