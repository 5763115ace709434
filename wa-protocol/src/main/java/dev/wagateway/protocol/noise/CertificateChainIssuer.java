package dev.wagateway.protocol.noise;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.CertChain;
import dev.wagateway.protocol.proto.CertChain.NoiseCertificate;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Issues a certificate chain as WhatsApp's servers present it: an intermediate signed by a root key, and a leaf for
 * the server's static key signed by the intermediate. A server (the sandbox) uses it with its own root.
 */
public final class CertificateChainIssuer {

    private final KeyPair root;
    private final SecureRandom random;

    public CertificateChainIssuer(KeyPair root, SecureRandom random) {
        this.root = root;
        this.random = random;
    }

    /**
     * A serialized {@code CertChain} for {@code serverStatic}, valid from {@code notBefore} to {@code notAfter}.
     *
     * @param intermediateKey the intermediate's key pair (a server keeps it to issue further leaves)
     */
    public byte[] issue(KeyPair intermediateKey, int intermediateSerial, int leafSerial, byte[] serverStatic,
                        Instant notBefore, Instant notAfter) {
        NoiseCertificate intermediate = certificate(root.privateKey(), NoiseCertificate.Details.newBuilder()
                .setSerial(intermediateSerial)
                .setIssuerSerial(CertificateChainVerifier.ROOT_SERIAL)
                .setKey(ByteString.copyFrom(intermediateKey.publicKey()))
                .setNotBefore(notBefore.getEpochSecond())
                .setNotAfter(notAfter.getEpochSecond())
                .build());
        NoiseCertificate leaf = certificate(intermediateKey.privateKey(), NoiseCertificate.Details.newBuilder()
                .setSerial(leafSerial)
                .setIssuerSerial(intermediateSerial)
                .setKey(ByteString.copyFrom(Curve25519.withoutTypePrefix(serverStatic)))
                .setNotBefore(notBefore.getEpochSecond())
                .setNotAfter(notAfter.getEpochSecond())
                .build());
        return CertChain.newBuilder().setIntermediate(intermediate).setLeaf(leaf).build().toByteArray();
    }

    private NoiseCertificate certificate(byte[] signingKey, NoiseCertificate.Details details) {
        byte[] encoded = details.toByteArray();
        return NoiseCertificate.newBuilder()
                .setDetails(ByteString.copyFrom(encoded))
                .setSignature(ByteString.copyFrom(Curve25519.sign(signingKey, encoded, random)))
                .build();
    }
}
