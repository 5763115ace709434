package dev.wagateway.protocol.store;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The long-lived secrets of one companion device, created before its first connection (protocol §4.1). Every part
 * has a byte form for storage: {@link KeyPair} (two 32-byte arrays), {@link IdentityKeyPair#serialize()},
 * {@link SignedPreKey#serialize()}.
 *
 * @param noiseKeyPair    the X25519 key pair sent as {@code ClientFinish.static} and shown in the QR
 * @param identityKeyPair the Signal identity of this device
 * @param registrationId  the Signal registration id, 1..16380
 * @param signedPreKey    the signed pre-key (id 1)
 * @param advSecret       32 bytes the pairing HMAC is keyed with (replaced during pairing by code)
 */
public record DeviceCredentials(KeyPair noiseKeyPair, IdentityKeyPair identityKeyPair, int registrationId,
                                SignedPreKey signedPreKey, byte[] advSecret) {

    /** Validates presence and lengths; copies the adv secret. */
    public DeviceCredentials {
        Objects.requireNonNull(noiseKeyPair, "noiseKeyPair");
        Objects.requireNonNull(identityKeyPair, "identityKeyPair");
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        if (registrationId < 1 || registrationId > 0x7fffffff) {
            throw new IllegalArgumentException("registration id must be positive: " + registrationId);
        }
        if (advSecret == null || advSecret.length != 32) {
            throw new IllegalArgumentException("the adv secret must have 32 bytes");
        }
        advSecret = advSecret.clone();
    }

    /** Fresh credentials: new keys, a 14-bit registration id, signed pre-key 1 and a random adv secret. */
    public static DeviceCredentials generate(SecureRandom random, long nowMillis) {
        SignalKeyGenerator generator = new SignalKeyGenerator(random);
        IdentityKeyPair identity = generator.identityKeyPair();
        byte[] advSecret = new byte[32];
        random.nextBytes(advSecret);
        return new DeviceCredentials(Curve25519.generateKeyPair(random), identity, generator.registrationId(),
                generator.signedPreKey(identity, 1, nowMillis), advSecret);
    }

    /** The adv secret (a copy). */
    @Override
    public byte[] advSecret() {
        return advSecret.clone();
    }

    /** The same credentials with another adv secret (pairing by code derives a new one). */
    public DeviceCredentials withAdvSecret(byte[] newAdvSecret) {
        return new DeviceCredentials(noiseKeyPair, identityKeyPair, registrationId, signedPreKey, newAdvSecret);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceCredentials that && registrationId == that.registrationId
                && noiseKeyPair.equals(that.noiseKeyPair) && identityKeyPair.equals(that.identityKeyPair)
                && signedPreKey.equals(that.signedPreKey) && java.util.Arrays.equals(advSecret, that.advSecret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(noiseKeyPair, identityKeyPair, registrationId);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "DeviceCredentials[registrationId=" + registrationId + "]";
    }
}
