package dev.wagateway.protocol.signal.keys;

import dev.wagateway.protocol.crypto.Curve25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Generates our Signal key material: identity, registration id, one-time and signed pre-keys. */
public final class SignalKeyGenerator {

    /** Largest registration id: WhatsApp (like libsignal by default) uses 14 bits. */
    public static final int MAX_REGISTRATION_ID = 16380;

    private final SecureRandom random;

    /** Uses {@code random} for every key and id. */
    public SignalKeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh identity key pair. */
    public IdentityKeyPair identityKeyPair() {
        return IdentityKeyPair.generate(random);
    }

    /** A random registration id in 1..{@value #MAX_REGISTRATION_ID}. */
    public int registrationId() {
        return random.nextInt(MAX_REGISTRATION_ID) + 1;
    }

    /**
     * {@code count} one-time pre-keys with consecutive ids starting at {@code firstId}, wrapping from
     * {@value PreKey#MAX_ID} back to 1.
     */
    public List<PreKey> preKeys(int firstId, int count) {
        if (firstId < 1 || firstId > PreKey.MAX_ID) {
            throw new IllegalArgumentException("first pre-key id out of range: " + firstId);
        }
        if (count < 0 || count > PreKey.MAX_ID) {
            throw new IllegalArgumentException("pre-key count out of range: " + count);
        }
        List<PreKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = (int) (((long) firstId - 1 + i) % PreKey.MAX_ID) + 1;
            keys.add(new PreKey(id, Curve25519.generateKeyPair(random)));
        }
        return keys;
    }

    /** A signed pre-key with id {@code id}, signed by {@code identity} over {@code 0x05 || public key}. */
    public SignedPreKey signedPreKey(IdentityKeyPair identity, int id, long timestampMillis) {
        var keyPair = Curve25519.generateKeyPair(random);
        byte[] signature = Curve25519.sign(identity.privateKey(), DjbKeys.encode(keyPair.publicKey()), random);
        return new SignedPreKey(id, keyPair, signature, timestampMillis);
    }
}
