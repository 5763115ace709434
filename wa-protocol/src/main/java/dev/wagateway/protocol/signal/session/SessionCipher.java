package dev.wagateway.protocol.signal.session;

import dev.wagateway.protocol.crypto.Aes;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.signal.PlaintextCheckpoint;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SignalMessage;
import dev.wagateway.protocol.signal.ratchet.MessageKeys;
import dev.wagateway.protocol.signal.ratchet.PendingPreKey;
import dev.wagateway.protocol.signal.ratchet.ReceiveStep;
import dev.wagateway.protocol.signal.ratchet.SenderChain;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.ratchet.SessionState;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.TrustDecision;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Encrypts for and decrypts from devices over their pairwise sessions (the Double Ratchet). Each operation holds the
 * lock of its address, so messages of one session never race; different addresses proceed in parallel. Plaintexts
 * here are already padded ({@link dev.wagateway.protocol.signal.WhatsAppPadding}).
 *
 * <p>Nothing is stored unless the message authenticated and decrypted: a forged, corrupt or misdirected message
 * leaves the session as it was.
 */
public final class SessionCipher {

    private final SignalStores stores;
    private final SignalLocks locks;
    private final SecureRandom random;
    private final IdentityChangeListener identityChanges;
    private final SessionBuilder responder;

    /**
     * @param stores          the Signal stores
     * @param locks           the per-address locks shared with the {@link SessionBuilder} on the same stores
     * @param random          for new ratchet keys
     * @param identityChanges told when a {@code pkmsg} brought a changed (and accepted) identity
     */
    public SessionCipher(SignalStores stores, SignalLocks locks, SecureRandom random,
                         IdentityChangeListener identityChanges) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.random = Objects.requireNonNull(random, "random");
        this.identityChanges = Objects.requireNonNull(identityChanges, "identityChanges");
        this.responder = new SessionBuilder(stores, locks, random, identityChanges);
    }

    /** True if we have a current session with {@code address}. */
    public boolean hasSession(SignalAddress address) {
        try (var held = locks.hold(address)) {
            return stores.sessions().hasSession(address);
        }
    }

    /**
     * Encrypts with the current session: a {@code pkmsg} while the peer has not answered a session we started, a
     * {@code msg} otherwise.
     *
     * @throws SignalProtocolException ({@link SignalError.NoSession}) without a session
     */
    public PairwiseMessage encrypt(SignalAddress address, byte[] paddedPlaintext) throws SignalProtocolException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(paddedPlaintext, "paddedPlaintext");
        try (var held = locks.hold(address)) {
            SessionRecord record = stores.sessions().loadSession(address).orElseThrow(() -> noSession(address));
            PairwiseMessage result = step(address, record, paddedPlaintext);
            stores.sessions().storeSession(address, record);
            return result;
        }
    }

    /**
     * Encrypts one plaintext per address (a message fanned out to a user's devices) under the locks of all of them,
     * and saves every advanced session in one {@link dev.wagateway.protocol.signal.store.SessionStore#storeSessions}
     * write before returning: the ratchet steps are durable before any of the ciphertexts can leave, at one commit
     * for the lot. An address without a session is answered with its failure and leaves its session untouched; the
     * others are encrypted still.
     *
     * @param paddedPlaintexts the plaintext for each address, in the order the answers keep
     * @throws RuntimeException the store could not save the sessions: none of the ciphertexts may be sent
     */
    public Map<SignalAddress, Encrypted> encryptAll(Map<SignalAddress, byte[]> paddedPlaintexts) {
        Objects.requireNonNull(paddedPlaintexts, "paddedPlaintexts");
        return encryptBatch(stores, locks, List.of(paddedPlaintexts)).getFirst();
    }

    /**
     * {@link #encryptAll} for several requests at once (a {@link CombiningEncryptor} batch): under the locks of every
     * address of every request, each session is loaded once and stepped once per request that names it, in request
     * order (two requests to one address get consecutive counters), and the final records of all of them are saved
     * in ONE {@link dev.wagateway.protocol.signal.store.SessionStore#storeSessions} write before anything is
     * returned. The caller must hold no stripe of {@code locks}.
     *
     * @return each request's outcomes, in the order of {@code requests}
     * @throws RuntimeException a load or the save failed: no ciphertext of any request may be sent (the records
     *                          stepped here were parsed copies, so no store keeps the unsaved steps)
     */
    static List<Map<SignalAddress, Encrypted>> encryptBatch(SignalStores stores, SignalLocks locks,
                                                           List<Map<SignalAddress, byte[]>> requests) {
        Set<SignalAddress> union = new LinkedHashSet<>();
        requests.forEach(request -> union.addAll(request.keySet()));
        List<Map<SignalAddress, Encrypted>> results = new ArrayList<>(requests.size());
        // absent: no session; loaded once per batch, however many requests step it
        Map<SignalAddress, Optional<SessionRecord>> loaded = new HashMap<>();
        Map<SignalAddress, SessionRecord> advanced = new LinkedHashMap<>();
        try (var held = locks.holdAll(union)) {
            for (Map<SignalAddress, byte[]> request : requests) {
                Map<SignalAddress, Encrypted> result = new LinkedHashMap<>();
                for (Map.Entry<SignalAddress, byte[]> entry : request.entrySet()) {
                    SignalAddress address = entry.getKey();
                    Optional<SessionRecord> record = loaded.get(address);
                    if (record == null) {
                        record = stores.sessions().loadSession(address);
                        loaded.put(address, record);
                    }
                    try {
                        SessionRecord session = record.orElseThrow(() -> noSession(address));
                        result.put(address, new Encrypted.Done(step(address, session,
                                Objects.requireNonNull(entry.getValue(), "paddedPlaintext"))));
                        advanced.put(address, session);
                    } catch (SignalProtocolException e) {
                        result.put(address, new Encrypted.Failed(e));
                    }
                }
                results.add(result);
            }
            stores.sessions().storeSessions(advanced);
        }
        return results;
    }

    /** The outcome of one address in {@link #encryptAll}. */
    public sealed interface Encrypted {

        /** Encrypted; its session step is saved. */
        record Done(PairwiseMessage message) implements Encrypted {
        }

        /** Not encrypted (no session); nothing changed for it. */
        record Failed(SignalProtocolException error) implements Encrypted {
        }
    }

    /** Encrypts with {@code record}'s current state and advances its sending chain (not saved here). */
    private static PairwiseMessage step(SignalAddress address, SessionRecord record, byte[] paddedPlaintext)
            throws SignalProtocolException {
        SessionState state = record.current().orElseThrow(() -> noSession(address));
        SenderChain chain = state.senderChain();
        MessageKeys keys = chain.chainKey().messageKeys();
        byte[] ciphertext = Aes.cbcEncrypt(keys.cipherKey(), keys.iv(), paddedPlaintext);
        SignalMessage message = SignalMessage.create(keys.macKey(), chain.ratchetKey().publicKey(),
                keys.counter(), state.previousCounter(), ciphertext, state.localIdentity(),
                state.remoteIdentity());
        PairwiseMessage result = message;
        if (state.pendingPreKey().isPresent()) {
            PendingPreKey pending = state.pendingPreKey().get();
            result = PreKeySignalMessage.create(state.localRegistrationId(), pending.preKeyId(),
                    pending.signedPreKeyId(), pending.baseKey(), state.localIdentity(), message);
        }
        state.advanceSenderChain();
        return result;
    }

    /**
     * Parses and decrypts the content of an {@code <enc type="msg|pkmsg">} node.
     *
     * @throws SignalProtocolException see {@link #decrypt(SignalAddress, PairwiseMessage)}
     */
    public byte[] decrypt(SignalAddress address, String encType, byte[] serialized) throws SignalProtocolException {
        return decrypt(address, PairwiseMessage.parse(encType, serialized), PlaintextCheckpoint.NONE);
    }

    /**
     * Parses and decrypts the content of an {@code <enc type="msg|pkmsg">} node, handing the plaintext to
     * {@code checkpoint} before the advanced session is saved.
     *
     * @throws SignalProtocolException see {@link #decrypt(SignalAddress, PairwiseMessage)}
     */
    public byte[] decrypt(SignalAddress address, String encType, byte[] serialized, PlaintextCheckpoint checkpoint)
            throws SignalProtocolException {
        return decrypt(address, PairwiseMessage.parse(encType, serialized), checkpoint);
    }

    /**
     * Decrypts a message from {@code address}. A {@code pkmsg} first sets up the session it starts (unless already
     * done), deleting the one-time pre-key it used once it decrypted.
     *
     * @throws SignalProtocolException {@link SignalError.NoSession}, {@link SignalError.BadMac},
     *                                 {@link SignalError.DuplicateMessage}, {@link SignalError.TooManySkippedMessages},
     *                                 {@link SignalError.InvalidMessage}, and for a {@code pkmsg} also
     *                                 {@link SignalError.MissingPreKey}, {@link SignalError.MissingSignedPreKey},
     *                                 {@link SignalError.UntrustedIdentity}
     */
    public byte[] decrypt(SignalAddress address, PairwiseMessage message) throws SignalProtocolException {
        return decrypt(address, message, PlaintextCheckpoint.NONE);
    }

    /**
     * As {@link #decrypt(SignalAddress, PairwiseMessage)}, handing the plaintext to {@code checkpoint} before any
     * state (session, used pre-key, identity) is saved.
     */
    public byte[] decrypt(SignalAddress address, PairwiseMessage message, PlaintextCheckpoint checkpoint)
            throws SignalProtocolException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(checkpoint, "checkpoint");
        return switch (message) {
            case SignalMessage signalMessage -> decryptSignalMessage(address, signalMessage, checkpoint);
            case PreKeySignalMessage preKeyMessage -> decryptPreKeyMessage(address, preKeyMessage, checkpoint);
        };
    }

    private byte[] decryptSignalMessage(SignalAddress address, SignalMessage message, PlaintextCheckpoint checkpoint)
            throws SignalProtocolException {
        try (var held = locks.hold(address)) {
            SessionRecord record = stores.sessions().loadSession(address).orElseThrow(() -> noSession(address));
            byte[] plaintext = decryptWithRecord(address, record, message);
            checkpoint.reached(plaintext.clone());
            stores.sessions().storeSession(address, record);
            return plaintext;
        }
    }

    private byte[] decryptPreKeyMessage(SignalAddress address, PreKeySignalMessage message,
                                        PlaintextCheckpoint checkpoint) throws SignalProtocolException {
        TrustDecision decision;
        byte[] plaintext;
        try (var held = locks.hold(address)) {
            SessionRecord loaded = stores.sessions().loadSession(address).orElseGet(SessionRecord::new);
            SessionBuilder.ResponderSetup setup = responder.prepareResponder(address, loaded, message);
            plaintext = decryptWithRecord(address, setup.record(), message.message());
            checkpoint.reached(plaintext.clone());
            stores.sessions().storeSession(address, setup.record());
            setup.usedPreKeyId().ifPresent(stores.preKeys()::removePreKey);
            decision = setup.decision();
            if (decision instanceof TrustDecision.FirstUse || decision instanceof TrustDecision.Changed) {
                stores.identities().saveIdentity(address, message.identityKey());
            }
        }
        if (decision instanceof TrustDecision.Changed changed) {
            IdentityKey current = message.identityKey();
            identityChanges.identityChanged(address, changed.previous(), current);
        }
        return plaintext;
    }

    /**
     * Tries the current state, then the archived ones (newest first); an archived state that decrypts becomes
     * current again. A duplicate is reported at once; otherwise, when every state fails, the most telling failure
     * wins: too far ahead, then a MAC mismatch, then the first failure.
     */
    private byte[] decryptWithRecord(SignalAddress address, SessionRecord record, SignalMessage message)
            throws SignalProtocolException {
        List<SessionState> states = new ArrayList<>();
        record.current().ifPresent(states::add);
        int archivedOffset = states.size();
        states.addAll(record.previous());
        if (states.isEmpty()) {
            throw noSession(address);
        }
        SignalProtocolException first = null;
        SignalProtocolException tooFarAhead = null;
        SignalProtocolException badMac = null;
        for (int i = 0; i < states.size(); i++) {
            try {
                byte[] plaintext = decryptWithState(states.get(i), message);
                if (i >= archivedOffset) {
                    record.promoteArchived(i - archivedOffset);
                }
                return plaintext;
            } catch (SignalProtocolException e) {
                switch (e.error()) {
                    case SignalError.DuplicateMessage duplicate -> throw e;
                    case SignalError.TooManySkippedMessages tooMany -> tooFarAhead = tooFarAhead == null ? e : tooFarAhead;
                    case SignalError.BadMac mac -> badMac = badMac == null ? e : badMac;
                    default -> first = first == null ? e : first;
                }
            }
        }
        if (tooFarAhead != null) {
            throw tooFarAhead;
        }
        throw badMac != null ? badMac : first;
    }

    private byte[] decryptWithState(SessionState state, SignalMessage message) throws SignalProtocolException {
        ReceiveStep step = state.prepareReceive(message, random);
        MessageKeys keys = step.keys();
        if (!message.verifyMac(keys.macKey(), state.remoteIdentity(), state.localIdentity())) {
            throw new SignalProtocolException(new SignalError.BadMac());
        }
        byte[] plaintext;
        try {
            plaintext = Aes.cbcDecrypt(keys.cipherKey(), keys.iv(), message.ciphertext());
        } catch (CryptoException e) {
            throw new SignalProtocolException(new SignalError.InvalidMessage("ciphertext does not decrypt"), e);
        }
        state.apply(step);
        return plaintext;
    }

    private static SignalProtocolException noSession(SignalAddress address) {
        return new SignalProtocolException(new SignalError.NoSession(address));
    }
}
