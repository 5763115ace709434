package dev.wagateway.protocol.signal.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.proto.WhisperSenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.DjbKeys;

import java.util.Arrays;

/**
 * Hands a group sender's key to one recipient ({@code 0x33 || WhisperSenderKeyDistributionMessage}); it travels
 * inside a pairwise-encrypted WhatsApp {@code Message.senderKeyDistributionMessage}.
 *
 * @param keyId      the sender key id
 * @param iteration  the chain iteration the chain key belongs to (unsigned 32-bit)
 * @param chainKey   the 32-byte chain key at that iteration
 * @param signingKey the sender's public signing key, raw 32 bytes
 * @param serialized the complete wire form
 */
public record SenderKeyDistributionMessage(int keyId, long iteration, byte[] chainKey, byte[] signingKey,
                                           byte[] serialized) {

    private static final int CHAIN_KEY_LENGTH = 32;

    /** Keeps copies of the arrays. */
    public SenderKeyDistributionMessage {
        chainKey = chainKey.clone();
        signingKey = signingKey.clone();
        serialized = serialized.clone();
    }

    /** Builds the message for our own sender key. */
    public static SenderKeyDistributionMessage create(int keyId, long iteration, byte[] chainKey,
                                                      byte[] signingKey) {
        byte[] body = WhisperSenderKeyDistributionMessage.newBuilder()
                .setId(keyId)
                .setIteration((int) iteration)
                .setChainKey(ByteString.copyFrom(chainKey))
                .setSigningKey(ByteString.copyFrom(DjbKeys.encode(signingKey)))
                .build().toByteArray();
        byte[] serialized = new byte[1 + body.length];
        serialized[0] = WireFormat.VERSION_BYTE;
        System.arraycopy(body, 0, serialized, 1, body.length);
        return new SenderKeyDistributionMessage(keyId, iteration, chainKey, Curve25519.withoutTypePrefix(signingKey),
                serialized);
    }

    /**
     * Parses a received distribution message.
     *
     * @throws SignalProtocolException ({@code InvalidMessage} or {@code InvalidKey}) if malformed
     */
    public static SenderKeyDistributionMessage parse(byte[] serialized) throws SignalProtocolException {
        if (serialized == null || serialized.length < 2) {
            throw WireFormat.invalid("SenderKeyDistributionMessage too short");
        }
        WireFormat.checkVersion(serialized[0], "SenderKeyDistributionMessage");
        WhisperSenderKeyDistributionMessage body;
        try {
            body = WhisperSenderKeyDistributionMessage.parser().parseFrom(serialized, 1, serialized.length - 1);
        } catch (InvalidProtocolBufferException e) {
            throw WireFormat.invalid("SenderKeyDistributionMessage body is not a protobuf", e);
        }
        if (!body.hasId() || !body.hasIteration() || !body.hasChainKey() || !body.hasSigningKey()) {
            throw WireFormat.invalid("SenderKeyDistributionMessage lacks id, iteration, chain key or signing key");
        }
        if (body.getChainKey().size() != CHAIN_KEY_LENGTH) {
            throw WireFormat.invalid("sender chain key must have 32 bytes, has " + body.getChainKey().size());
        }
        byte[] signingKey = DjbKeys.decode(body.getSigningKey().toByteArray(), "sender signing key");
        return new SenderKeyDistributionMessage(body.getId(), Integer.toUnsignedLong(body.getIteration()),
                body.getChainKey().toByteArray(), signingKey, serialized);
    }

    @Override
    public byte[] chainKey() {
        return chainKey.clone();
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    @Override
    public byte[] serialized() {
        return serialized.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SenderKeyDistributionMessage message && Arrays.equals(serialized, message.serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "SenderKeyDistributionMessage[keyId=" + Integer.toUnsignedString(keyId) + ", iteration=" + iteration
                + "]";
    }
}
