package dev.wagateway.protocol.signal.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.proto.WhisperSignalMessage;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.DjbKeys;
import dev.wagateway.protocol.signal.keys.IdentityKey;

import java.util.Arrays;

/**
 * A Double Ratchet message ({@code msg}): {@code 0x33 || WhisperSignalMessage || mac(8)}, the MAC being the first 8
 * bytes of HMAC-SHA256(macKey, senderIdentity(33) || receiverIdentity(33) || 0x33 || proto).
 *
 * @param ratchetKey      the sender's current ratchet public key, raw 32 bytes
 * @param counter         the message's index in the sender's chain (unsigned 32-bit)
 * @param previousCounter the length of the sender's previous chain (unsigned 32-bit)
 * @param ciphertext      AES-256-CBC of the padded plaintext
 * @param serialized      the complete wire form
 */
public record SignalMessage(byte[] ratchetKey, long counter, long previousCounter, byte[] ciphertext,
                            byte[] serialized) implements PairwiseMessage {

    /** The {@code <enc type>} of this kind. */
    public static final String ENC_TYPE = "msg";
    /** Length of the truncated MAC at the end. */
    public static final int MAC_LENGTH = 8;

    /** Keeps copies of the arrays. */
    public SignalMessage {
        ratchetKey = ratchetKey.clone();
        ciphertext = ciphertext.clone();
        serialized = serialized.clone();
    }

    /**
     * Builds and MACs a message.
     *
     * @param macKey           the message's MAC key
     * @param senderIdentity   our identity (the sender's)
     * @param receiverIdentity the peer's identity
     */
    public static SignalMessage create(byte[] macKey, byte[] ratchetKey, long counter, long previousCounter,
                                       byte[] ciphertext, IdentityKey senderIdentity, IdentityKey receiverIdentity) {
        byte[] body = WhisperSignalMessage.newBuilder()
                .setRatchetKey(ByteString.copyFrom(DjbKeys.encode(ratchetKey)))
                .setCounter((int) counter)
                .setPreviousCounter((int) previousCounter)
                .setCiphertext(ByteString.copyFrom(ciphertext))
                .build().toByteArray();
        byte[] serialized = new byte[1 + body.length + MAC_LENGTH];
        serialized[0] = WireFormat.VERSION_BYTE;
        System.arraycopy(body, 0, serialized, 1, body.length);
        byte[] mac = mac(macKey, senderIdentity, receiverIdentity, serialized, 1 + body.length);
        System.arraycopy(mac, 0, serialized, 1 + body.length, MAC_LENGTH);
        return new SignalMessage(ratchetKey, counter, previousCounter, ciphertext, serialized);
    }

    /**
     * Parses a received {@code msg}; the MAC is checked later, with the session's keys.
     *
     * @throws SignalProtocolException ({@code InvalidMessage} or {@code InvalidKey}) if malformed
     */
    public static SignalMessage parse(byte[] serialized) throws SignalProtocolException {
        if (serialized == null || serialized.length < 1 + MAC_LENGTH) {
            throw WireFormat.invalid("SignalMessage too short");
        }
        WireFormat.checkVersion(serialized[0], "SignalMessage");
        WhisperSignalMessage body;
        try {
            body = WhisperSignalMessage.parser().parseFrom(serialized, 1, serialized.length - 1 - MAC_LENGTH);
        } catch (InvalidProtocolBufferException e) {
            throw WireFormat.invalid("SignalMessage body is not a protobuf", e);
        }
        if (!body.hasRatchetKey() || !body.hasCounter() || !body.hasCiphertext()) {
            throw WireFormat.invalid("SignalMessage lacks ratchet key, counter or ciphertext");
        }
        byte[] ratchetKey = DjbKeys.decode(body.getRatchetKey().toByteArray(), "ratchet key");
        return new SignalMessage(ratchetKey, Integer.toUnsignedLong(body.getCounter()),
                Integer.toUnsignedLong(body.getPreviousCounter()), body.getCiphertext().toByteArray(), serialized);
    }

    /** True if the MAC matches, computed with the sender's and receiver's identities. */
    public boolean verifyMac(byte[] macKey, IdentityKey senderIdentity, IdentityKey receiverIdentity) {
        int macOffset = serialized.length - MAC_LENGTH;
        byte[] expected = Arrays.copyOf(mac(macKey, senderIdentity, receiverIdentity, serialized, macOffset),
                MAC_LENGTH);
        return ConstantTime.equals(expected, Arrays.copyOfRange(serialized, macOffset, serialized.length));
    }

    private static byte[] mac(byte[] macKey, IdentityKey sender, IdentityKey receiver, byte[] bytes, int length) {
        return Hmac.sha256(macKey, sender.serialize(), receiver.serialize(), Arrays.copyOf(bytes, length));
    }

    @Override
    public byte[] ratchetKey() {
        return ratchetKey.clone();
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
        return other instanceof SignalMessage message && Arrays.equals(serialized, message.serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "SignalMessage[counter=" + counter + ", previousCounter=" + previousCounter + ", "
                + ciphertext.length + " bytes]";
    }
}
