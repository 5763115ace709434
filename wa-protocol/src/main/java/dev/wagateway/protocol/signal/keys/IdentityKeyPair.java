package dev.wagateway.protocol.signal.keys;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.SignalIdentityKeyPairRecord;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Our own identity: the public {@link IdentityKey} and its private key.
 *
 * @param publicKey  the public identity key
 * @param privateKey the raw 32-byte private key
 */
public record IdentityKeyPair(IdentityKey publicKey, byte[] privateKey) {

    /** Checks that the private key has 32 bytes and belongs to the public key. */
    public IdentityKeyPair {
        if (publicKey == null || privateKey == null || privateKey.length != Curve25519.KEY_LENGTH) {
            throw new IllegalArgumentException("an identity key pair needs a public key and a 32-byte private key");
        }
        privateKey = privateKey.clone();
        if (!Arrays.equals(Curve25519.publicKey(privateKey), publicKey.publicKey())) {
            throw new IllegalArgumentException("the identity private key does not match its public key");
        }
    }

    /** The pair of a (clamped or unclamped) private key. */
    public static IdentityKeyPair fromPrivate(byte[] privateKey) {
        KeyPair pair = Curve25519.keyPairFromPrivate(privateKey);
        return new IdentityKeyPair(new IdentityKey(pair.publicKey()), pair.privateKey());
    }

    /** A fresh random identity. */
    public static IdentityKeyPair generate(SecureRandom random) {
        KeyPair pair = Curve25519.generateKeyPair(random);
        return new IdentityKeyPair(new IdentityKey(pair.publicKey()), pair.privateKey());
    }

    /** The same keys as a crypto {@link KeyPair}. */
    public KeyPair keyPair() {
        return new KeyPair(publicKey.publicKey(), privateKey.clone());
    }

    /** The private key (a copy). */
    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** Our own protobuf form ({@code SignalIdentityKeyPairRecord}), for stores. */
    public byte[] serialize() {
        return SignalIdentityKeyPairRecord.newBuilder()
                .setPublicKey(ByteString.copyFrom(publicKey.publicKey()))
                .setPrivateKey(ByteString.copyFrom(privateKey))
                .build().toByteArray();
    }

    /**
     * Parses {@link #serialize()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record
     */
    public static IdentityKeyPair parse(byte[] serialized) {
        try {
            SignalIdentityKeyPairRecord record = SignalIdentityKeyPairRecord.parseFrom(serialized);
            return new IdentityKeyPair(new IdentityKey(record.getPublicKey().toByteArray()),
                    record.getPrivateKey().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an identity key pair record", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKeyPair pair && publicKey.equals(pair.publicKey)
                && Arrays.equals(privateKey, pair.privateKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "IdentityKeyPair[" + publicKey + "]";
    }
}
