package dev.wagateway.protocol.signal.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.proto.WhisperPreKeySignalMessage;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.DjbKeys;
import dev.wagateway.protocol.signal.keys.IdentityKey;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A session-starting message ({@code pkmsg}): {@code 0x33 || WhisperPreKeySignalMessage}. It carries what the
 * responder needs to run X3DH and a complete {@link SignalMessage}; the initiator keeps sending this form until the
 * responder answers.
 *
 * @param registrationId the sender's registration id
 * @param preKeyId       the responder's one-time pre-key used, if any
 * @param signedPreKeyId the responder's signed pre-key used
 * @param baseKey        the initiator's base (ephemeral) public key, raw 32 bytes
 * @param identityKey    the initiator's identity key
 * @param message        the enclosed ratchet message
 * @param serialized     the complete wire form
 */
public record PreKeySignalMessage(int registrationId, OptionalInt preKeyId, int signedPreKeyId, byte[] baseKey,
                                  IdentityKey identityKey, SignalMessage message, byte[] serialized)
        implements PairwiseMessage {

    /** The {@code <enc type>} of this kind. */
    public static final String ENC_TYPE = "pkmsg";

    /** Keeps copies of the arrays. */
    public PreKeySignalMessage {
        Objects.requireNonNull(preKeyId, "preKeyId");
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(message, "message");
        baseKey = baseKey.clone();
        serialized = serialized.clone();
    }

    /** Wraps {@code message} with the session-setup fields. */
    public static PreKeySignalMessage create(int registrationId, OptionalInt preKeyId, int signedPreKeyId,
                                             byte[] baseKey, IdentityKey identityKey, SignalMessage message) {
        WhisperPreKeySignalMessage.Builder body = WhisperPreKeySignalMessage.newBuilder()
                .setRegistrationId(registrationId)
                .setSignedPreKeyId(signedPreKeyId)
                .setBaseKey(ByteString.copyFrom(DjbKeys.encode(baseKey)))
                .setIdentityKey(ByteString.copyFrom(identityKey.serialize()))
                .setMessage(ByteString.copyFrom(message.serialized()));
        preKeyId.ifPresent(body::setPreKeyId);
        byte[] bytes = body.build().toByteArray();
        byte[] serialized = new byte[1 + bytes.length];
        serialized[0] = WireFormat.VERSION_BYTE;
        System.arraycopy(bytes, 0, serialized, 1, bytes.length);
        return new PreKeySignalMessage(registrationId, preKeyId, signedPreKeyId, baseKey, identityKey, message,
                serialized);
    }

    /**
     * Parses a received {@code pkmsg}, including its enclosed {@code msg}.
     *
     * @throws SignalProtocolException ({@code InvalidMessage} or {@code InvalidKey}) if malformed
     */
    public static PreKeySignalMessage parse(byte[] serialized) throws SignalProtocolException {
        if (serialized == null || serialized.length < 2) {
            throw WireFormat.invalid("PreKeySignalMessage too short");
        }
        WireFormat.checkVersion(serialized[0], "PreKeySignalMessage");
        WhisperPreKeySignalMessage body;
        try {
            body = WhisperPreKeySignalMessage.parser().parseFrom(serialized, 1, serialized.length - 1);
        } catch (InvalidProtocolBufferException e) {
            throw WireFormat.invalid("PreKeySignalMessage body is not a protobuf", e);
        }
        if (!body.hasSignedPreKeyId() || !body.hasBaseKey() || !body.hasIdentityKey() || !body.hasMessage()) {
            throw WireFormat.invalid("PreKeySignalMessage lacks signed pre-key id, base key, identity or message");
        }
        byte[] baseKey = DjbKeys.decode(body.getBaseKey().toByteArray(), "base key");
        IdentityKey identity = IdentityKey.decode(body.getIdentityKey().toByteArray());
        SignalMessage message = SignalMessage.parse(body.getMessage().toByteArray());
        OptionalInt preKeyId = body.hasPreKeyId() ? OptionalInt.of(body.getPreKeyId()) : OptionalInt.empty();
        return new PreKeySignalMessage(body.getRegistrationId(), preKeyId, body.getSignedPreKeyId(), baseKey,
                identity, message, serialized);
    }

    @Override
    public byte[] baseKey() {
        return baseKey.clone();
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
        return other instanceof PreKeySignalMessage message && Arrays.equals(serialized, message.serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "PreKeySignalMessage[registrationId=" + registrationId + ", preKeyId=" + preKeyId
                + ", signedPreKeyId=" + signedPreKeyId + ", " + message + "]";
    }
}
