package dev.wagateway.protocol.signal.keys;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.SignalPreKeyRecord;

/**
 * A one-time pre-key of ours: uploaded to the server, handed out in one bundle, deleted once a {@code pkmsg} that
 * used it has decrypted.
 *
 * @param id      1..{@value #MAX_ID} (three bytes on the wire)
 * @param keyPair the X25519 key pair
 */
public record PreKey(int id, KeyPair keyPair) {

    /** Largest pre-key id: ids travel as three bytes. */
    public static final int MAX_ID = 0xFFFFFF;

    /** Validates the id. */
    public PreKey {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("pre-key id out of range 1.." + MAX_ID + ": " + id);
        }
        if (keyPair == null) {
            throw new IllegalArgumentException("a pre-key needs its key pair");
        }
    }

    /** Our own protobuf form ({@code SignalPreKeyRecord}). */
    public byte[] serialize() {
        return SignalPreKeyRecord.newBuilder()
                .setId(id)
                .setPublicKey(ByteString.copyFrom(keyPair.publicKey()))
                .setPrivateKey(ByteString.copyFrom(keyPair.privateKey()))
                .build().toByteArray();
    }

    /**
     * Parses {@link #serialize()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record
     */
    public static PreKey parse(byte[] serialized) {
        try {
            SignalPreKeyRecord record = SignalPreKeyRecord.parseFrom(serialized);
            return new PreKey(record.getId(),
                    new KeyPair(record.getPublicKey().toByteArray(), record.getPrivateKey().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a pre-key record", e);
        }
    }
}
