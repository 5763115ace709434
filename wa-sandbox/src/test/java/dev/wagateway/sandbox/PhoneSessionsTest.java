package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SignalMessage;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The phone keeps its sessions as live records; a message that does not authenticate must still leave them exactly
 * as they were (the strictness WhatsApp's phones have: a forged message changes nothing), whichever way it fails.
 */
class PhoneSessionsTest {

    private static final SignalAddress SENDER = new SignalAddress("15550001111", 3);
    private static final SignalAddress PHONE = new SignalAddress("15550002222", 0);

    private final SecureRandom random = SecureRandoms.create();
    private final SignalKeyGenerator generator = new SignalKeyGenerator(random);
    private final IdentityKeyPair senderIdentity = generator.identityKeyPair();
    private final int senderRegistrationId = generator.registrationId();
    private PhoneSignalStores phone;
    private PhoneSessions phoneSessions;
    private PreKeyBundle.SignedPreKeyPublic signedPreKey;
    private IdentityKeyPair phoneIdentity;

    @BeforeEach
    void phoneWithKeys() {
        phoneIdentity = generator.identityKeyPair();
        phone = new PhoneSignalStores(phoneIdentity, generator.registrationId());
        SignedPreKey signed = generator.signedPreKey(phoneIdentity, 1, System.currentTimeMillis());
        phone.storeSignedPreKey(signed);
        for (PreKey preKey : generator.preKeys(1, 5)) {
            phone.storePreKey(preKey);
        }
        signedPreKey = new PreKeyBundle.SignedPreKeyPublic(1, signed.keyPair().publicKey(), signed.signature());
        phoneSessions = new PhoneSessions(phone, random);
    }

    @Test
    void aForgedPkmsgSettingUpANewStateLeavesTheSessionsAndPreKeysAsTheyWere() throws Exception {
        Sender genuine = new Sender();
        genuine.startSession(1);
        assertThat(decrypt(genuine.encrypt("first"))).isEqualTo("first");
        byte[] before = sessionBytes();

        // the same sender identity with a session of its own (a new base key, one-time pre-key 2), its MAC broken
        Sender forger = new Sender();
        forger.startSession(2);
        PreKeySignalMessage real = (PreKeySignalMessage) forger.encrypt("forged");
        byte[] tamperedInner = real.message().serialized();
        tamperedInner[tamperedInner.length - 1] ^= 1;
        PreKeySignalMessage forged = PreKeySignalMessage.create(real.registrationId(), real.preKeyId(),
                real.signedPreKeyId(), real.baseKey(), real.identityKey(), SignalMessage.parse(tamperedInner));
        assertThatThrownBy(() -> phoneSessions.decrypt(SENDER, "pkmsg", forged.serialized()))
                .isInstanceOf(SignalProtocolException.class);

        assertThat(sessionBytes()).as("the session record after a forged pkmsg").isEqualTo(before);
        assertThat(phone.containsPreKey(2)).as("the forged message's one-time pre-key is kept").isTrue();
        assertThat(decrypt(genuine.encrypt("second"))).isEqualTo("second");
        // and the untampered message of the other session sets it up as usual
        assertThat(decrypt(real)).isEqualTo("forged");
        assertThat(phone.containsPreKey(2)).isFalse();
    }

    @Test
    void aTamperedMsgOrPkmsgOfAKnownStateLeavesTheSessionAsItWas() throws Exception {
        Sender sender = new Sender();
        sender.startSession(1);
        PairwiseMessage pending = sender.encrypt("known base key");
        assertThat(decrypt(sender.encrypt("hello"))).isEqualTo("hello");

        byte[] before = sessionBytes();
        PreKeySignalMessage real = (PreKeySignalMessage) pending;
        byte[] tamperedInner = real.message().serialized();
        tamperedInner[tamperedInner.length - 1] ^= 1;
        byte[] tamperedPkmsg = PreKeySignalMessage.create(real.registrationId(), real.preKeyId(),
                real.signedPreKeyId(), real.baseKey(), real.identityKey(), SignalMessage.parse(tamperedInner))
                .serialized();
        assertThatThrownBy(() -> phoneSessions.decrypt(SENDER, "pkmsg", tamperedPkmsg))
                .isInstanceOf(SignalProtocolException.class);
        assertThat(sessionBytes()).as("after a tampered pkmsg of a known state").isEqualTo(before);

        // the phone answers, so the sender's next messages are plain msgs
        sender.receive(phoneSessions.cipher().encrypt(SENDER, "reply".getBytes(StandardCharsets.UTF_8)));
        PairwiseMessage message = sender.encrypt("as msg");
        assertThat(message).isInstanceOf(SignalMessage.class);
        byte[] tampered = message.serialized();
        tampered[tampered.length - 1] ^= 1;
        byte[] beforeMsg = sessionBytes();
        assertThatThrownBy(() -> phoneSessions.decrypt(SENDER, "msg", tampered))
                .isInstanceOf(SignalProtocolException.class);
        assertThat(sessionBytes()).as("after a tampered msg").isEqualTo(beforeMsg);
        assertThat(decrypt(message)).isEqualTo("as msg");
        assertThat(decrypt(pending)).as("the held-back pkmsg, still decryptable").isEqualTo("known base key");
    }

    @Test
    void aDuplicateIsRefusedAndChangesNothing() throws Exception {
        Sender sender = new Sender();
        sender.startSession(1);
        PairwiseMessage message = sender.encrypt("once");
        assertThat(decrypt(message)).isEqualTo("once");
        byte[] before = sessionBytes();
        assertThatThrownBy(() -> decrypt(message)).isInstanceOf(SignalProtocolException.class);
        assertThat(sessionBytes()).isEqualTo(before);
    }

    private String decrypt(PairwiseMessage message) throws SignalProtocolException {
        return new String(phoneSessions.decrypt(SENDER, message.encType(), message.serialized()),
                StandardCharsets.UTF_8);
    }

    private byte[] sessionBytes() {
        return phone.loadSession(SENDER).orElseThrow().serialize();
    }

    /** A companion with the same identity each time, its own in-memory stores. */
    private final class Sender {
        private final SignalStores stores = SignalStores.inMemory(senderIdentity, senderRegistrationId);
        private final SignalLocks locks = new SignalLocks();
        private final SessionCipher cipher = new SessionCipher(stores, locks, random, IdentityChangeListener.IGNORE);

        void startSession(int oneTimePreKeyId) throws SignalProtocolException {
            PreKey oneTime = phone.loadPreKey(oneTimePreKeyId).orElseThrow();
            new SessionBuilder(stores, locks, random, IdentityChangeListener.IGNORE).process(PHONE,
                    new PreKeyBundle(phone.localRegistrationId(), phoneIdentity.publicKey(), signedPreKey,
                            Optional.of(new PreKeyBundle.PreKeyPublic(oneTime.id(), oneTime.keyPair().publicKey()))));
        }

        PairwiseMessage encrypt(String text) throws SignalProtocolException {
            return cipher.encrypt(PHONE, text.getBytes(StandardCharsets.UTF_8));
        }

        void receive(PairwiseMessage message) throws SignalProtocolException {
            cipher.decrypt(PHONE, message);
        }
    }
}
