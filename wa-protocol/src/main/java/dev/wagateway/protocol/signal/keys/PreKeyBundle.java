package dev.wagateway.protocol.signal.keys;

import dev.wagateway.protocol.crypto.Curve25519;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server hands out for a device we have no session with (a {@code <user>} of the {@code encrypt} IQ):
 * enough to start a session without the device being online.
 *
 * @param registrationId the device's registration id
 * @param identityKey    its identity key
 * @param signedPreKey   its current signed pre-key
 * @param preKey         one of its one-time pre-keys, when the server still had one
 */
public record PreKeyBundle(int registrationId, IdentityKey identityKey, SignedPreKeyPublic signedPreKey,
                           Optional<PreKeyPublic> preKey) {

    /** Checks that every part is present. */
    public PreKeyBundle {
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        Objects.requireNonNull(preKey, "preKey");
    }

    /**
     * A public one-time pre-key as bundled.
     *
     * @param id        its id
     * @param publicKey raw 32 bytes (a 33-byte prefixed form is accepted and stripped)
     */
    public record PreKeyPublic(int id, byte[] publicKey) {

        /** Normalises the key to its raw form. */
        public PreKeyPublic {
            publicKey = Curve25519.withoutTypePrefix(publicKey).clone();
        }

        /** The raw key (a copy). */
        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PreKeyPublic key && id == key.id && Arrays.equals(publicKey, key.publicKey);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "PreKeyPublic[id=" + id + ", " + HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    /**
     * A public signed pre-key as bundled.
     *
     * @param id        its id
     * @param publicKey raw 32 bytes (a 33-byte prefixed form is accepted and stripped)
     * @param signature XEdDSA signature by the identity key over {@code 0x05 || publicKey}
     */
    public record SignedPreKeyPublic(int id, byte[] publicKey, byte[] signature) {

        /** Normalises the key; keeps copies. */
        public SignedPreKeyPublic {
            publicKey = Curve25519.withoutTypePrefix(publicKey).clone();
            signature = Objects.requireNonNull(signature, "signature").clone();
        }

        /** The raw key (a copy). */
        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** The signature (a copy). */
        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SignedPreKeyPublic key && id == key.id
                    && Arrays.equals(publicKey, key.publicKey) && Arrays.equals(signature, key.signature);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "SignedPreKeyPublic[id=" + id + ", " + HexFormat.of().formatHex(publicKey) + "]";
        }
    }
}
