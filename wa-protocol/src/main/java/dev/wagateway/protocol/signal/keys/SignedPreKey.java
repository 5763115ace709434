package dev.wagateway.protocol.signal.keys;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.SignalSignedPreKeyRecord;

import java.util.Arrays;

/**
 * Our medium-term signed pre-key; its signature is XEdDSA by the identity key over {@code 0x05 || public key}.
 *
 * @param id              1..{@value PreKey#MAX_ID}
 * @param keyPair         the X25519 key pair
 * @param signature       the 64-byte signature
 * @param timestampMillis when it was generated (for rotation policies)
 */
public record SignedPreKey(int id, KeyPair keyPair, byte[] signature, long timestampMillis) {

    /** Validates id and signature length; keeps a copy of the signature. */
    public SignedPreKey {
        if (id < 1 || id > PreKey.MAX_ID) {
            throw new IllegalArgumentException("signed pre-key id out of range 1.." + PreKey.MAX_ID + ": " + id);
        }
        if (keyPair == null || signature == null || signature.length != Curve25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("a signed pre-key needs its key pair and a 64-byte signature");
        }
        signature = signature.clone();
    }

    /** The signature (a copy). */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Our own protobuf form ({@code SignalSignedPreKeyRecord}). */
    public byte[] serialize() {
        return SignalSignedPreKeyRecord.newBuilder()
                .setId(id)
                .setPublicKey(ByteString.copyFrom(keyPair.publicKey()))
                .setPrivateKey(ByteString.copyFrom(keyPair.privateKey()))
                .setSignature(ByteString.copyFrom(signature))
                .setTimestampMillis(timestampMillis)
                .build().toByteArray();
    }

    /**
     * Parses {@link #serialize()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record
     */
    public static SignedPreKey parse(byte[] serialized) {
        try {
            SignalSignedPreKeyRecord record = SignalSignedPreKeyRecord.parseFrom(serialized);
            return new SignedPreKey(record.getId(),
                    new KeyPair(record.getPublicKey().toByteArray(), record.getPrivateKey().toByteArray()),
                    record.getSignature().toByteArray(), record.getTimestampMillis());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a signed pre-key record", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedPreKey key && id == key.id && keyPair.equals(key.keyPair)
                && Arrays.equals(signature, key.signature) && timestampMillis == key.timestampMillis;
    }

    @Override
    public int hashCode() {
        return 31 * id + keyPair.hashCode();
    }

    @Override
    public String toString() {
        return "SignedPreKey[id=" + id + ", " + keyPair + "]";
    }
}
