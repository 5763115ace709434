package dev.wagateway.protocol.signal.session;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.DjbKeys;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.WireFormat;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.ratchet.SessionState;
import dev.wagateway.protocol.signal.ratchet.X3dh;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.TrustDecision;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Starts pairwise sessions with X3DH: as initiator from a pre-key bundle ({@link #process}), and as responder from
 * a received {@code pkmsg} (done by {@link SessionCipher} under the same lock). A new session becomes current; the
 * one it replaces is archived so that messages still in flight under it decrypt. When the peer's identity changed,
 * the states of the old identity are dropped, the new identity is saved and the change is reported.
 */
public final class SessionBuilder {

    private final SignalStores stores;
    private final SignalLocks locks;
    private final SecureRandom random;
    private final IdentityChangeListener identityChanges;

    /**
     * @param stores          the Signal stores
     * @param locks           the per-address locks shared with every cipher on the same stores
     * @param random          for base and ratchet keys
     * @param identityChanges told about accepted identity changes
     */
    public SessionBuilder(SignalStores stores, SignalLocks locks, SecureRandom random,
                          IdentityChangeListener identityChanges) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.random = Objects.requireNonNull(random, "random");
        this.identityChanges = Objects.requireNonNull(identityChanges, "identityChanges");
    }

    /**
     * Starts a session with {@code address} from its bundle (we are the initiator). Our next messages to it are
     * {@code pkmsg}s until it answers.
     *
     * @throws SignalProtocolException {@link SignalError.InvalidSignature} if the signed pre-key's signature does
     *                                 not verify with the bundle's identity, {@link SignalError.UntrustedIdentity}
     *                                 if the identity store refuses the identity
     */
    public void process(SignalAddress address, PreKeyBundle bundle) throws SignalProtocolException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bundle, "bundle");
        IdentityKey theirIdentity = bundle.identityKey();
        PreKeyBundle.SignedPreKeyPublic signedPreKey = bundle.signedPreKey();
        if (!Curve25519.verify(theirIdentity.publicKey(), DjbKeys.encode(signedPreKey.publicKey()),
                signedPreKey.signature())) {
            throw new SignalProtocolException(new SignalError.InvalidSignature("signed pre-key of " + address));
        }
        TrustDecision decision;
        try (var held = locks.hold(address)) {
            decision = stores.identities().decide(address, theirIdentity);
            if (decision instanceof TrustDecision.Refused) {
                throw new SignalProtocolException(new SignalError.UntrustedIdentity(address));
            }
            SessionRecord record = decision instanceof TrustDecision.Changed
                    ? new SessionRecord()
                    : stores.sessions().loadSession(address).orElseGet(SessionRecord::new);
            SessionState state = X3dh.initiator(stores.identities().identityKeyPair(),
                    Curve25519.generateKeyPair(random), Curve25519.generateKeyPair(random), theirIdentity,
                    signedPreKey.publicKey(), signedPreKey.id(), bundle.preKey(),
                    stores.identities().localRegistrationId(), bundle.registrationId());
            record.promote(state);
            stores.sessions().storeSession(address, record);
            if (!(decision instanceof TrustDecision.Unchanged)) {
                stores.identities().saveIdentity(address, theirIdentity);
            }
        }
        if (decision instanceof TrustDecision.Changed changed) {
            identityChanges.identityChanged(address, changed.previous(), theirIdentity);
        }
    }

    /**
     * The responder's half, run by the cipher under the address lock before decrypting the enclosed message: makes
     * a session state for the message's base key unless one exists. Stores nothing.
     *
     * @param record the address's record (possibly fresh)
     * @return the record to decrypt with (a new one after an identity change), the one-time pre-key to delete once
     *         decryption succeeded, and the trust decision to act on then
     */
    ResponderSetup prepareResponder(SignalAddress address, SessionRecord record, PreKeySignalMessage message)
            throws SignalProtocolException {
        IdentityKey theirIdentity = message.identityKey();
        TrustDecision decision = stores.identities().decide(address, theirIdentity);
        if (decision instanceof TrustDecision.Refused) {
            throw new SignalProtocolException(new SignalError.UntrustedIdentity(address));
        }
        if (!(decision instanceof TrustDecision.Changed)
                && record.hasState(WireFormat.CURRENT_VERSION, message.baseKey())) {
            // A later pkmsg of a session we already set up (the initiator repeats them until we answer).
            return new ResponderSetup(record, OptionalInt.empty(), decision);
        }
        SignedPreKey signedPreKey = stores.signedPreKeys().loadSignedPreKey(message.signedPreKeyId())
                .orElseThrow(() -> new SignalProtocolException(
                        new SignalError.MissingSignedPreKey(message.signedPreKeyId())));
        Optional<PreKey> oneTimePreKey = Optional.empty();
        if (message.preKeyId().isPresent()) {
            int id = message.preKeyId().getAsInt();
            oneTimePreKey = Optional.of(stores.preKeys().loadPreKey(id).orElseThrow(() ->
                    new SignalProtocolException(new SignalError.MissingPreKey(id))));
        }
        SessionState state = X3dh.responder(stores.identities().identityKeyPair(), signedPreKey.keyPair(),
                oneTimePreKey.map(PreKey::keyPair), theirIdentity, message.baseKey(),
                stores.identities().localRegistrationId(), message.registrationId());
        SessionRecord target = decision instanceof TrustDecision.Changed ? new SessionRecord() : record;
        target.promote(state);
        return new ResponderSetup(target, message.preKeyId(), decision);
    }

    /**
     * The outcome of {@link #prepareResponder}.
     *
     * @param record       the record to decrypt with and store
     * @param usedPreKeyId the one-time pre-key to delete after success
     * @param decision     the identity trust decision, to save and report after success
     */
    record ResponderSetup(SessionRecord record, OptionalInt usedPreKeyId, TrustDecision decision) {
    }
}
