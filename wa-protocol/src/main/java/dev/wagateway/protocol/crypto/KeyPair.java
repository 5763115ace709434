package dev.wagateway.protocol.crypto;

import java.util.Arrays;

/**
 * A Curve25519 key pair: raw 32-byte keys, without Signal's {@code 0x05} type prefix; the private key is clamped.
 */
public record KeyPair(byte[] publicKey, byte[] privateKey) {

    public KeyPair {
        if (publicKey == null || publicKey.length != Curve25519.KEY_LENGTH
                || privateKey == null || privateKey.length != Curve25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a Curve25519 key pair has two 32-byte keys");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPair pair && Arrays.equals(publicKey, pair.publicKey)
                && ConstantTime.equals(privateKey, pair.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
    }
}
