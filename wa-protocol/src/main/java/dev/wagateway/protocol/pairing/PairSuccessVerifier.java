package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.crypto.ByteArrays;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.proto.ADVDeviceIdentity;
import dev.wagateway.protocol.proto.ADVEncryptionType;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentity;
import dev.wagateway.protocol.proto.ADVSignedDeviceIdentityHMAC;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;

import java.security.SecureRandom;

/**
 * The companion's checks of a {@code pair-success} (protocol §4.3 steps 1–5 and 7): the HMAC with our adv secret,
 * the account signature over our identity, and our own device signature.
 */
public final class PairSuccessVerifier {

    private static final byte[] HOSTED_HMAC_PREFIX = {6, 5};
    private static final byte[] ACCOUNT_PREFIX = {6, 0};
    private static final byte[] HOSTED_ACCOUNT_PREFIX = {6, 5};
    private static final byte[] DEVICE_PREFIX = {6, 1};

    /**
     * A verified pairing.
     *
     * @param accountIdentity     the signed identity with {@code accountSignatureKey} and our device signature: what
     *                            we store and later send in {@code <device-identity>}
     * @param reply               the same without {@code accountSignatureKey}: the {@code pair-device-sign} content
     * @param keyIndex            the key index the primary assigned to us
     * @param accountSignatureKey the primary phone's identity key (32 bytes)
     */
    public record Verified(byte[] accountIdentity, byte[] reply, int keyIndex, byte[] accountSignatureKey) {
    }

    private PairSuccessVerifier() {
    }

    /**
     * Verifies the {@code device-identity} content of a {@code pair-success} and signs it.
     *
     * @throws PairingRefusal naming the error to send back when a check fails or the content is malformed
     */
    public static Verified verify(byte[] deviceIdentityHmac, byte[] advSecret, IdentityKeyPair identity,
                                  SecureRandom random) throws PairingRefusal {
        ADVSignedDeviceIdentityHMAC wrapped = parse(() -> ADVSignedDeviceIdentityHMAC.parseFrom(deviceIdentityHmac));
        if (!wrapped.hasDetails() || wrapped.getHmac().size() != 32) {
            throw new PairingRefusal(500, "internal-error", "device identity lacks details or a 32-byte HMAC");
        }
        byte[] details = wrapped.getDetails().toByteArray();
        byte[] expected = wrapped.getAccountType() == ADVEncryptionType.HOSTED
                ? Hmac.sha256(advSecret, HOSTED_HMAC_PREFIX, details)
                : Hmac.sha256(advSecret, details);
        if (!ConstantTime.equals(expected, wrapped.getHmac().toByteArray())) {
            throw new PairingRefusal(401, "hmac-mismatch", "the identity HMAC does not match our adv secret");
        }
        ADVSignedDeviceIdentity account = parse(() -> ADVSignedDeviceIdentity.parseFrom(details));
        byte[] accountDetails = account.getDetails().toByteArray();
        ADVDeviceIdentity deviceIdentity = parse(() -> ADVDeviceIdentity.parseFrom(accountDetails));
        byte[] accountKey = account.getAccountSignatureKey().toByteArray();
        byte[] accountSignature = account.getAccountSignature().toByteArray();
        if (accountKey.length != 32 || accountSignature.length != Curve25519.SIGNATURE_LENGTH) {
            throw new PairingRefusal(401, "signature-mismatch", "account key or signature has the wrong length");
        }
        byte[] ownIdentity = identity.publicKey().publicKey();
        byte[] prefix = deviceIdentity.getDeviceType() == ADVEncryptionType.HOSTED ? HOSTED_ACCOUNT_PREFIX : ACCOUNT_PREFIX;
        if (!Curve25519.verify(accountKey, ByteArrays.concat(prefix, accountDetails, ownIdentity), accountSignature)) {
            throw new PairingRefusal(401, "signature-mismatch", "the account signature does not verify");
        }
        byte[] deviceSignature = Curve25519.sign(identity.privateKey(),
                ByteArrays.concat(DEVICE_PREFIX, accountDetails, ownIdentity, accountKey), random);
        ADVSignedDeviceIdentity signed = account.toBuilder().setDeviceSignature(ByteString.copyFrom(deviceSignature))
                .build();
        return new Verified(signed.toByteArray(), signed.toBuilder().clearAccountSignatureKey().build().toByteArray(),
                deviceIdentity.getKeyIndex(), accountKey);
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parser<T> parser) throws PairingRefusal {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new PairingRefusal(500, "internal-error", "malformed device identity: " + e.getMessage());
        }
    }

}
