package dev.wagateway.protocol.signal.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.proto.WhisperSenderKeyMessage;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A group message encrypted with a sender key ({@code skmsg}): {@code 0x33 || WhisperSenderKeyMessage ||
 * signature(64)}, the signature being XEdDSA by the sender's signing key over everything before it.
 *
 * @param keyId      the sender key (state) id
 * @param iteration  the message's index in the sender chain (unsigned 32-bit)
 * @param ciphertext AES-256-CBC of the padded plaintext
 * @param serialized the complete wire form
 */
public record SenderKeyMessage(int keyId, long iteration, byte[] ciphertext, byte[] serialized)
        implements CiphertextMessage {

    /** The {@code <enc type>} of this kind. */
    public static final String ENC_TYPE = "skmsg";

    /** Keeps copies of the arrays. */
    public SenderKeyMessage {
        ciphertext = ciphertext.clone();
        serialized = serialized.clone();
    }

    /** Builds and signs a message with the sender's private signing key. */
    public static SenderKeyMessage create(int keyId, long iteration, byte[] ciphertext, byte[] signingPrivateKey,
                                          SecureRandom random) {
        byte[] body = WhisperSenderKeyMessage.newBuilder()
                .setId(keyId)
                .setIteration((int) iteration)
                .setCiphertext(ByteString.copyFrom(ciphertext))
                .build().toByteArray();
        byte[] signed = new byte[1 + body.length];
        signed[0] = WireFormat.VERSION_BYTE;
        System.arraycopy(body, 0, signed, 1, body.length);
        byte[] signature = Curve25519.sign(signingPrivateKey, signed, random);
        byte[] serialized = Arrays.copyOf(signed, signed.length + signature.length);
        System.arraycopy(signature, 0, serialized, signed.length, signature.length);
        return new SenderKeyMessage(keyId, iteration, ciphertext, serialized);
    }

    /**
     * Parses a received {@code skmsg}; the signature is checked later against the sender's signing key.
     *
     * @throws SignalProtocolException ({@code InvalidMessage}) if malformed
     */
    public static SenderKeyMessage parse(byte[] serialized) throws SignalProtocolException {
        if (serialized == null || serialized.length < 1 + Curve25519.SIGNATURE_LENGTH) {
            throw WireFormat.invalid("SenderKeyMessage too short");
        }
        WireFormat.checkVersion(serialized[0], "SenderKeyMessage");
        WhisperSenderKeyMessage body;
        try {
            body = WhisperSenderKeyMessage.parser()
                    .parseFrom(serialized, 1, serialized.length - 1 - Curve25519.SIGNATURE_LENGTH);
        } catch (InvalidProtocolBufferException e) {
            throw WireFormat.invalid("SenderKeyMessage body is not a protobuf", e);
        }
        if (!body.hasId() || !body.hasIteration() || !body.hasCiphertext()) {
            throw WireFormat.invalid("SenderKeyMessage lacks id, iteration or ciphertext");
        }
        return new SenderKeyMessage(body.getId(), Integer.toUnsignedLong(body.getIteration()),
                body.getCiphertext().toByteArray(), serialized);
    }

    /** True if the signature verifies with the sender's public signing key. */
    public boolean verifySignature(byte[] signingPublicKey) {
        int signedLength = serialized.length - Curve25519.SIGNATURE_LENGTH;
        return Curve25519.verify(signingPublicKey, Arrays.copyOf(serialized, signedLength),
                Arrays.copyOfRange(serialized, signedLength, serialized.length));
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public byte[] serialized() {
        return serialized.clone();
    }

    @Override
    public String encType() {
        return ENC_TYPE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SenderKeyMessage message && Arrays.equals(serialized, message.serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "SenderKeyMessage[keyId=" + Integer.toUnsignedString(keyId) + ", iteration=" + iteration + ", "
                + ciphertext.length + " bytes]";
    }
}
