package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.crypto.KeyPair;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Double Ratchet's root key. A DH ratchet step mixes a new shared secret in:
 * HKDF(DH(ours, theirs), salt = root key, "WhisperRatchet", 64) = new root key (32) || new chain key (32).
 *
 * @param key 32 bytes
 */
public record RootKey(byte[] key) {

    private static final byte[] INFO = "WhisperRatchet".getBytes(StandardCharsets.US_ASCII);

    /** Checks the key length. */
    public RootKey {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a root key has 32 bytes");
        }
    }

    /** One DH ratchet step between our ratchet key pair and the peer's ratchet public key. */
    public Step step(byte[] theirRatchetKey, KeyPair ourRatchetKey) {
        byte[] shared = Curve25519.sharedSecret(ourRatchetKey.privateKey(), theirRatchetKey);
        byte[] derived = Hkdf.derive(shared, key, INFO, 64);
        return new Step(new RootKey(Arrays.copyOf(derived, 32)),
                new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RootKey root && Arrays.equals(key, root.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "RootKey[]";
    }

    /**
     * The outcome of a ratchet step.
     *
     * @param rootKey  the new root key
     * @param chainKey the new chain's first chain key (index 0)
     */
    public record Step(RootKey rootKey, ChainKey chainKey) {
    }
}
