package dev.wagateway.protocol.signal.ratchet;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.message.WireFormat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * X3DH as libsignal runs it (version 3): the master secret {@code 0xFF×32 || DH1 || DH2 || DH3 [|| DH4]} goes
 * through HKDF(no salt, "WhisperText", 64) into the first root key and chain key; the initiator then takes a first
 * DH ratchet step with a fresh ratchet key against the responder's signed pre-key, while the responder starts
 * sending with its signed pre-key as its ratchet key.
 */
public final class X3dh {

    private static final byte[] INFO = "WhisperText".getBytes(StandardCharsets.US_ASCII);

    private X3dh() {
    }

    /**
     * The initiator's ("Alice's") first session state.
     *
     * @param ourIdentity       our identity key pair
     * @param ourBaseKey        our fresh base (ephemeral) key pair, announced in every {@code pkmsg}
     * @param ourRatchetKey     our fresh first ratchet key pair
     * @param theirIdentity     the responder's identity key
     * @param theirSignedPreKey the responder's signed pre-key (raw)
     * @param signedPreKeyId    its id
     * @param theirOneTimePreKey the responder's one-time pre-key (raw) and id, when the bundle had one
     */
    public static SessionState initiator(IdentityKeyPair ourIdentity, KeyPair ourBaseKey, KeyPair ourRatchetKey,
                                         IdentityKey theirIdentity, byte[] theirSignedPreKey, int signedPreKeyId,
                                         Optional<PreKeyBundle.PreKeyPublic> theirOneTimePreKey, int localRegistrationId,
                                         int remoteRegistrationId) {
        ByteArrayOutputStream secrets = discontinuity();
        secrets.writeBytes(Curve25519.sharedSecret(ourIdentity.privateKey(), theirSignedPreKey));
        secrets.writeBytes(Curve25519.sharedSecret(ourBaseKey.privateKey(), theirIdentity.publicKey()));
        secrets.writeBytes(Curve25519.sharedSecret(ourBaseKey.privateKey(), theirSignedPreKey));
        theirOneTimePreKey.ifPresent(key ->
                secrets.writeBytes(Curve25519.sharedSecret(ourBaseKey.privateKey(), key.publicKey())));
        RootKey.Step initial = derive(secrets.toByteArray());
        RootKey.Step sending = initial.rootKey().step(theirSignedPreKey, ourRatchetKey);
        PendingPreKey pending = new PendingPreKey(
                theirOneTimePreKey.map(key -> OptionalInt.of(key.id())).orElse(OptionalInt.empty()),
                signedPreKeyId, ourBaseKey.publicKey());
        SessionState state = new SessionState(WireFormat.CURRENT_VERSION, ourIdentity.publicKey(), theirIdentity,
                localRegistrationId, remoteRegistrationId, ourBaseKey.publicKey(), sending.rootKey(), 0,
                new SenderChain(ourRatchetKey, sending.chainKey()), pending);
        // The responder's first messages ratchet on its signed pre-key, with the chain key X3DH produced.
        state.addReceiverChain(theirSignedPreKey, initial.chainKey());
        return state;
    }

    /**
     * The responder's ("Bob's") first session state, from a {@code pkmsg}.
     *
     * @param ourIdentity      our identity key pair
     * @param ourSignedPreKey  the signed pre-key the message names (also our first ratchet key)
     * @param ourOneTimePreKey the one-time pre-key it names, if any
     * @param theirIdentity    the initiator's identity key
     * @param theirBaseKey     the initiator's base key (raw)
     */
    public static SessionState responder(IdentityKeyPair ourIdentity, KeyPair ourSignedPreKey,
                                         Optional<KeyPair> ourOneTimePreKey, IdentityKey theirIdentity,
                                         byte[] theirBaseKey, int localRegistrationId, int remoteRegistrationId) {
        ByteArrayOutputStream secrets = discontinuity();
        secrets.writeBytes(Curve25519.sharedSecret(ourSignedPreKey.privateKey(), theirIdentity.publicKey()));
        secrets.writeBytes(Curve25519.sharedSecret(ourIdentity.privateKey(), theirBaseKey));
        secrets.writeBytes(Curve25519.sharedSecret(ourSignedPreKey.privateKey(), theirBaseKey));
        ourOneTimePreKey.ifPresent(key -> secrets.writeBytes(Curve25519.sharedSecret(key.privateKey(), theirBaseKey)));
        RootKey.Step initial = derive(secrets.toByteArray());
        return new SessionState(WireFormat.CURRENT_VERSION, ourIdentity.publicKey(), theirIdentity,
                localRegistrationId, remoteRegistrationId, theirBaseKey, initial.rootKey(), 0,
                new SenderChain(ourSignedPreKey, initial.chainKey()), null);
    }

    /** The root key and first chain key of a master secret (exposed for the derivation vectors). */
    static RootKey.Step derive(byte[] masterSecret) {
        byte[] derived = Hkdf.derive(masterSecret, null, INFO, 64);
        return new RootKey.Step(new RootKey(Arrays.copyOf(derived, 32)),
                new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
    }

    private static ByteArrayOutputStream discontinuity() {
        ByteArrayOutputStream secrets = new ByteArrayOutputStream(5 * 32);
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xFF);
        secrets.writeBytes(ff);
        return secrets;
    }
}
