package dev.wagateway.protocol.noise;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.proto.CertChain;
import dev.wagateway.protocol.proto.CertChain.NoiseCertificate;

import java.time.Clock;
import java.util.HexFormat;

import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.BAD_SIGNATURE;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.EXPIRED;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.LEAF_KEY_MISMATCH;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.MALFORMED;
import static dev.wagateway.protocol.noise.NoiseHandshakeException.Failure.WRONG_ISSUER;

/**
 * Checks the server's certificate chain (protocol §1.5), all of whatsmeow's checks in its order: root → intermediate
 * (issuer serial 0) → leaf (issued by the intermediate, carrying the server's static key), each within its validity.
 */
public final class CertificateChainVerifier implements ServerCertificateCheck {

    /** WhatsApp's real root key. */
    public static final byte[] WHATSAPP_ROOT_KEY = HexFormat.of().parseHex(
            "142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b");
    /** The serial the intermediate names as its issuer: the root's. */
    public static final int ROOT_SERIAL = 0;

    private final byte[] rootKey;
    private final Clock clock;

    /**
     * @param rootKey the 32-byte root public key the chain must lead to
     * @param clock   the current time for the validity windows
     */
    public CertificateChainVerifier(byte[] rootKey, Clock clock) {
        this.rootKey = Curve25519.withoutTypePrefix(rootKey).clone();
        this.clock = clock;
    }

    @Override
    public void check(byte[] certificateChain, byte[] serverStatic) throws NoiseHandshakeException {
        CertChain chain;
        try {
            chain = CertChain.parseFrom(certificateChain);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseHandshakeException(MALFORMED, "server certificate chain is not a CertChain", e);
        }
        if (!chain.hasLeaf() || !chain.hasIntermediate()) {
            throw new NoiseHandshakeException(MALFORMED, "server certificate chain lacks a leaf or an intermediate");
        }
        NoiseCertificate intermediate = chain.getIntermediate();
        NoiseCertificate leaf = chain.getLeaf();
        if (intermediate.getSignature().size() != 64 || leaf.getSignature().size() != 64) {
            throw new NoiseHandshakeException(MALFORMED, "certificate signatures must have 64 bytes");
        }
        if (!Curve25519.verify(rootKey, intermediate.getDetails().toByteArray(), intermediate.getSignature().toByteArray())) {
            throw new NoiseHandshakeException(BAD_SIGNATURE, "intermediate certificate is not signed by the root key");
        }
        NoiseCertificate.Details intermediateDetails = details(intermediate, "intermediate");
        if (intermediateDetails.getIssuerSerial() != ROOT_SERIAL) {
            throw new NoiseHandshakeException(WRONG_ISSUER, "intermediate certificate names issuer serial "
                    + intermediateDetails.getIssuerSerial() + ", expected " + ROOT_SERIAL);
        }
        if (intermediateDetails.getKey().size() != 32) {
            throw new NoiseHandshakeException(MALFORMED, "intermediate certificate key must have 32 bytes");
        }
        if (!Curve25519.verify(intermediateDetails.getKey().toByteArray(), leaf.getDetails().toByteArray(),
                leaf.getSignature().toByteArray())) {
            throw new NoiseHandshakeException(BAD_SIGNATURE, "leaf certificate is not signed by the intermediate");
        }
        long now = clock.instant().getEpochSecond();
        checkValidity(intermediateDetails, now, "intermediate");
        NoiseCertificate.Details leafDetails = details(leaf, "leaf");
        if (leafDetails.getIssuerSerial() != intermediateDetails.getSerial()) {
            throw new NoiseHandshakeException(WRONG_ISSUER, "leaf certificate names issuer serial "
                    + leafDetails.getIssuerSerial() + ", the intermediate is " + intermediateDetails.getSerial());
        }
        if (!ConstantTime.equals(leafDetails.getKey().toByteArray(), serverStatic)) {
            throw new NoiseHandshakeException(LEAF_KEY_MISMATCH, "leaf certificate key is not the server's static key");
        }
        checkValidity(leafDetails, now, "leaf");
    }

    private static NoiseCertificate.Details details(NoiseCertificate certificate, String which)
            throws NoiseHandshakeException {
        try {
            return NoiseCertificate.Details.parseFrom(certificate.getDetails());
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseHandshakeException(MALFORMED, which + " certificate details are malformed", e);
        }
    }

    private static void checkValidity(NoiseCertificate.Details details, long now, String which)
            throws NoiseHandshakeException {
        if (details.hasNotBefore() && now < details.getNotBefore()) {
            throw new NoiseHandshakeException(EXPIRED, which + " certificate is not valid yet");
        }
        if (details.hasNotAfter() && now > details.getNotAfter()) {
            throw new NoiseHandshakeException(EXPIRED, which + " certificate has expired");
        }
    }
}
