package dev.wagateway.sandbox;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;

import java.security.SecureRandom;

/**
 * A simulated phone's pairwise ciphers over its live session records ({@link PhoneSignalStores}): encryption and most
 * decryptions work on the records in place; a {@code pkmsg} that would set up a new state works on a copy, so a
 * forged or corrupt message leaves the phone's sessions exactly as they were (as the cipher's contract promises).
 */
final class PhoneSessions {

    private final PhoneSignalStores state;
    private final SessionCipher live;
    private final SessionCipher guarded;

    PhoneSessions(PhoneSignalStores state, SecureRandom random) {
        this.state = state;
        this.live = new SessionCipher(state.stores(), state.locks(), random, IdentityChangeListener.IGNORE);
        this.guarded = new SessionCipher(state.guardedStores(), state.locks(), random, IdentityChangeListener.IGNORE);
    }

    /** The cipher for encrypting and asking about sessions: it changes a record only once it has succeeded. */
    SessionCipher cipher() {
        return live;
    }

    /**
     * Decrypts the content of an {@code <enc type="msg|pkmsg">}: in place when the cipher changes the record only
     * after the message authenticated (a {@code msg}, or a {@code pkmsg} of a state the record has), otherwise on a
     * copy. The address lock is held from that choice to the end of the decryption, so the choice holds.
     */
    byte[] decrypt(SignalAddress address, String type, byte[] ciphertext) throws SignalProtocolException {
        PairwiseMessage message = PairwiseMessage.parse(type, ciphertext);
        try (var held = state.locks().hold(address)) {
            boolean changesOnlyOnSuccess = !(message instanceof PreKeySignalMessage preKey)
                    || state.knowsBaseKey(address, preKey);
            return (changesOnlyOnSuccess ? live : guarded).decrypt(address, message);
        }
    }
}
