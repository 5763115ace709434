package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SignalMessage;
import dev.wagateway.protocol.signal.ratchet.RatchetLimits;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityKeyStore;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.TrustDecision;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pairwise sessions between two of our devices: set-up, the ratchet, and every way a message can be refused. */
class SessionCipherTest {

    private final TestDevice alice = TestDevice.create("15550000001", 0);
    private final TestDevice bob = TestDevice.create("15550000002", 7);

    @Test
    void initiatorSendsPreKeyMessagesUntilAnsweredThenPlainMessages() throws Exception {
        PreKeyBundle bundle = bob.bundle();
        alice.builder.process(bob.address, bundle);

        PairwiseMessage first = alice.cipher.encrypt(bob.address, bytes("one"));
        PairwiseMessage second = alice.cipher.encrypt(bob.address, bytes("two"));
        assertThat(first).isInstanceOfSatisfying(PreKeySignalMessage.class, pkmsg -> {
            assertThat(pkmsg.preKeyId()).hasValue(bundle.preKey().orElseThrow().id());
            assertThat(pkmsg.signedPreKeyId()).isEqualTo(bundle.signedPreKey().id());
            assertThat(pkmsg.registrationId()).isEqualTo(alice.registrationId());
            assertThat(pkmsg.identityKey()).isEqualTo(alice.identity());
        });
        assertThat(second.encType()).isEqualTo("pkmsg");

        assertThat(bob.cipher.decrypt(alice.address, second)).isEqualTo(bytes("two"));
        assertThat(bob.cipher.decrypt(alice.address, first)).isEqualTo(bytes("one"));
        assertThat(bob.stores.preKeys().containsPreKey(bundle.preKey().orElseThrow().id()))
                .as("one-time pre-key deleted after use").isFalse();
        assertThat(bob.stores.identities().identity(alice.address)).contains(alice.identity());

        PairwiseMessage answer = bob.cipher.encrypt(alice.address, bytes("three"));
        assertThat(answer).isInstanceOf(SignalMessage.class);
        assertThat(alice.cipher.decrypt(bob.address, answer))
                .isEqualTo(bytes("three"));
        assertThat(alice.cipher.encrypt(bob.address, bytes("four"))).isInstanceOf(SignalMessage.class);
    }

    @Test
    void conversationRatchetsBothWays() throws Exception {
        establish();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i <= round % 3; i++) {
                roundTrip(alice, bob, "a" + round + "/" + i);
            }
            for (int i = 0; i <= round % 2; i++) {
                roundTrip(bob, alice, "b" + round + "/" + i);
            }
        }
        SessionRecord record = alice.stores.sessions().loadSession(bob.address).orElseThrow();
        assertThat(record.current().orElseThrow().receiverChains()).hasSize(RatchetLimits.MAX_RECEIVER_CHAINS);
    }

    @Test
    void outOfOrderMessagesDecryptAndReplaysAreDuplicates() throws Exception {
        establish();
        List<PairwiseMessage> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(alice.cipher.encrypt(bob.address, bytes("m" + i)));
        }
        for (int i : new int[]{7, 2, 9, 0, 5, 1, 8, 3, 6, 4}) {
            assertThat(bob.cipher.decrypt(alice.address, sent.get(i))).isEqualTo(bytes("m" + i));
        }
        for (PairwiseMessage replay : sent) {
            assertError(() -> bob.cipher.decrypt(alice.address, replay), SignalError.DuplicateMessage.class);
        }
        roundTrip(bob, alice, "still fine");
    }

    @Test
    void preKeyMessageReplayIsADuplicateEvenAfterThePreKeyIsGone() throws Exception {
        alice.builder.process(bob.address, bob.bundle());
        PairwiseMessage pkmsg = alice.cipher.encrypt(bob.address, bytes("hello"));
        assertThat(bob.cipher.decrypt(alice.address, pkmsg)).isEqualTo(bytes("hello"));
        assertError(() -> bob.cipher.decrypt(alice.address, pkmsg), SignalError.DuplicateMessage.class);
    }

    @Test
    void aMessageTwoThousandAheadDecryptsOneMoreIsTooMany() throws Exception {
        establish();
        List<PairwiseMessage> sent = new ArrayList<>();
        for (int i = 0; i <= RatchetLimits.MAX_SKIPPED_KEYS + 1; i++) {
            sent.add(alice.cipher.encrypt(bob.address, bytes("m" + i)));
        }
        assertThat(((SignalMessage) sent.getLast()).counter()).isEqualTo(RatchetLimits.MAX_SKIPPED_KEYS + 1);
        assertError(() -> bob.cipher.decrypt(alice.address, sent.getLast()),
                SignalError.TooManySkippedMessages.class);
        assertThat(bob.cipher.decrypt(alice.address, sent.get(RatchetLimits.MAX_SKIPPED_KEYS)))
                .isEqualTo(bytes("m" + RatchetLimits.MAX_SKIPPED_KEYS));
        assertThat(bob.cipher.decrypt(alice.address, sent.getLast())).isEqualTo(bytes("m2001"));
        assertThat(bob.cipher.decrypt(alice.address, sent.get(0))).isEqualTo(bytes("m0"));
        SessionRecord record = bob.stores.sessions().loadSession(alice.address).orElseThrow();
        assertThat(record.current().orElseThrow().receiverChains().getLast().skippedKeys())
                .hasSize(RatchetLimits.MAX_SKIPPED_KEYS - 1);
    }

    @Test
    void keptKeysPerChainAreBoundedOldestDroppedFirst() throws Exception {
        establish();
        List<PairwiseMessage> sent = new ArrayList<>();
        for (int i = 0; i <= 2 * RatchetLimits.MAX_SKIPPED_KEYS + 1; i++) {
            sent.add(alice.cipher.encrypt(bob.address, bytes("m" + i)));
        }
        int middle = RatchetLimits.MAX_SKIPPED_KEYS;
        assertThat(bob.cipher.decrypt(alice.address, sent.get(middle))).isEqualTo(bytes("m" + middle));
        assertThat(bob.cipher.decrypt(alice.address, sent.getLast())).isEqualTo(bytes("m" + (sent.size() - 1)));
        SessionRecord record = bob.stores.sessions().loadSession(alice.address).orElseThrow();
        assertThat(record.current().orElseThrow().receiverChains().getLast().skippedKeys())
                .hasSize(RatchetLimits.MAX_SKIPPED_KEYS);
        // The oldest kept keys went first: message 0's key is gone, message 2001's is still there.
        assertError(() -> bob.cipher.decrypt(alice.address, sent.get(0)), SignalError.DuplicateMessage.class);
        assertThat(bob.cipher.decrypt(alice.address, sent.get(middle + 1))).isEqualTo(bytes("m" + (middle + 1)));
    }

    @Test
    void tamperedMessagesFailWithBadMacAndLeaveTheSessionUntouched() throws Exception {
        establish();
        PairwiseMessage message = alice.cipher.encrypt(bob.address, bytes("secret"));
        byte[] before = bob.stores.sessions().loadSession(alice.address).orElseThrow().serialize();
        byte[] serialized = message.serialized();
        for (int position : new int[]{serialized.length - 1, serialized.length - 12, 40}) {
            byte[] tampered = serialized.clone();
            tampered[position] ^= 0x20;
            assertThatThrownBy(() -> bob.cipher.decrypt(alice.address, "msg", tampered))
                    .isInstanceOf(SignalProtocolException.class);
        }
        byte[] flippedMac = serialized.clone();
        flippedMac[flippedMac.length - 1] ^= 1;
        assertError(() -> bob.cipher.decrypt(alice.address, "msg", flippedMac), SignalError.BadMac.class);
        assertThat(bob.stores.sessions().loadSession(alice.address).orElseThrow().serialize()).isEqualTo(before);
        assertThat(bob.cipher.decrypt(alice.address, message)).isEqualTo(bytes("secret"));
    }

    @Test
    void aMessageFromAnotherSessionOfTheSamePeerFailsWithBadMac() throws Exception {
        establish();
        TestDevice mallory = TestDevice.create("15550000009", 0);
        mallory.builder.process(bob.address, bob.bundle());
        roundTrip(mallory, bob, "hi bob");
        roundTrip(bob, mallory, "hi mallory");
        PairwiseMessage forged = mallory.cipher.encrypt(bob.address, bytes("pretend to be alice"));
        // Bob files it under Alice's address: her session cannot authenticate it.
        assertError(() -> bob.cipher.decrypt(alice.address, forged.encType(), forged.serialized()),
                SignalError.BadMac.class);
    }

    @Test
    void withoutSessionNothingIsEncryptedOrDecrypted() throws Exception {
        assertError(() -> alice.cipher.encrypt(bob.address, bytes("x")), SignalError.NoSession.class);
        establish();
        PairwiseMessage message = alice.cipher.encrypt(bob.address, bytes("x"));
        TestDevice stranger = TestDevice.create("15550000003", 0);
        assertError(() -> stranger.cipher.decrypt(alice.address, message), SignalError.NoSession.class);
        assertThat(stranger.cipher.hasSession(alice.address)).isFalse();
    }

    @Test
    void preKeyMessagesNamingKeysWeDoNotHaveAreRefused() throws Exception {
        PreKeyBundle bundle = bob.bundle();
        alice.builder.process(bob.address, bundle);
        PairwiseMessage pkmsg = alice.cipher.encrypt(bob.address, bytes("x"));
        bob.stores.preKeys().removePreKey(bundle.preKey().orElseThrow().id());
        assertError(() -> bob.cipher.decrypt(alice.address, pkmsg), SignalError.MissingPreKey.class);
        bob.stores.signedPreKeys().removeSignedPreKey(bundle.signedPreKey().id());
        assertError(() -> bob.cipher.decrypt(alice.address, pkmsg), SignalError.MissingSignedPreKey.class);
        assertThat(bob.stores.sessions().loadSession(alice.address)).isEmpty();
    }

    @Test
    void bundlesWithoutOneTimePreKeyWork() throws Exception {
        alice.builder.process(bob.address, bob.bundleWithoutPreKey());
        PairwiseMessage pkmsg = alice.cipher.encrypt(bob.address, bytes("x"));
        assertThat(((PreKeySignalMessage) pkmsg).preKeyId()).isEmpty();
        assertThat(bob.cipher.decrypt(alice.address, pkmsg)).isEqualTo(bytes("x"));
        roundTrip(bob, alice, "y");
    }

    @Test
    void bundleWithABadSignedPreKeySignatureIsRefused() {
        PreKeyBundle good = bob.bundle();
        byte[] signature = good.signedPreKey().signature();
        signature[10] ^= 1;
        PreKeyBundle bad = new PreKeyBundle(good.registrationId(), good.identityKey(),
                new PreKeyBundle.SignedPreKeyPublic(good.signedPreKey().id(), good.signedPreKey().publicKey(),
                        signature), good.preKey());
        assertError(() -> alice.builder.process(bob.address, bad), SignalError.InvalidSignature.class);
        assertThat(alice.stores.sessions().loadSession(bob.address)).isEmpty();
    }

    @Test
    void aMessageForAnOlderSessionStillDecryptsFromTheArchive() throws Exception {
        establish();
        PairwiseMessage late = alice.cipher.encrypt(bob.address, bytes("sent before the reset"));
        assertThat(late).isInstanceOf(SignalMessage.class);

        // Alice starts a new session (say after a retry receipt); Bob learns of it first.
        alice.builder.process(bob.address, bob.bundle());
        roundTrip(alice, bob, "new session");
        roundTrip(bob, alice, "answer in new session");

        assertThat(bob.cipher.decrypt(alice.address, late)).isEqualTo(bytes("sent before the reset"));
        // The archived state that decrypted became current; the conversation goes on regardless.
        roundTrip(alice, bob, "after the late one");
        roundTrip(bob, alice, "and back");
    }

    @Test
    void simultaneousSessionStartsConverge() throws Exception {
        alice.builder.process(bob.address, bob.bundle());
        bob.builder.process(alice.address, alice.bundle());
        PairwiseMessage fromAlice = alice.cipher.encrypt(bob.address, bytes("a"));
        PairwiseMessage fromBob = bob.cipher.encrypt(alice.address, bytes("b"));
        assertThat(bob.cipher.decrypt(alice.address, fromAlice)).isEqualTo(bytes("a"));
        assertThat(alice.cipher.decrypt(bob.address, fromBob)).isEqualTo(bytes("b"));
        for (int i = 0; i < 5; i++) {
            roundTrip(alice, bob, "a" + i);
            roundTrip(bob, alice, "b" + i);
        }
    }

    @Test
    void aChangedIdentityIsAcceptedReportedAndReplacesTheOldSessions() throws Exception {
        establish();
        IdentityKey oldIdentity = alice.identity();
        TestDevice reinstalled = TestDevice.create(alice.address.name(), alice.address.deviceId());
        reinstalled.builder.process(bob.address, bob.bundle());

        PairwiseMessage pkmsg = reinstalled.cipher.encrypt(bob.address, bytes("I reinstalled"));
        assertThat(bob.cipher.decrypt(alice.address, pkmsg)).isEqualTo(bytes("I reinstalled"));

        assertThat(bob.identityChanges).containsExactly(
                new TestDevice.IdentityChange(alice.address, oldIdentity, reinstalled.identity()));
        assertThat(bob.stores.identities().identity(alice.address)).contains(reinstalled.identity());
        SessionRecord record = bob.stores.sessions().loadSession(alice.address).orElseThrow();
        assertThat(record.previous()).as("states of the old identity dropped").isEmpty();
        roundTrip(bob, reinstalled, "welcome back");
    }

    @Test
    void aChangedIdentityInABundleIsReportedToTheInitiator() throws Exception {
        establish();
        IdentityKey oldIdentity = bob.identity();
        TestDevice newBob = TestDevice.create(bob.address.name(), bob.address.deviceId());
        alice.builder.process(bob.address, newBob.bundle());
        assertThat(alice.identityChanges).containsExactly(
                new TestDevice.IdentityChange(bob.address, oldIdentity, newBob.identity()));
        roundTrip(alice, newBob, "hello again");
    }

    @Test
    void anIdentityStoreMayRefuseAnIdentity() throws Exception {
        SignalStores refusing = new SignalStores(new RefusingIdentities(bob.stores.identities()),
                bob.stores.preKeys(), bob.stores.signedPreKeys(), bob.stores.sessions(), bob.stores.senderKeys());
        SessionCipher strictCipher = new SessionCipher(refusing, new SignalLocks(), SecureRandoms.create(),
                (a, p, c) -> { });
        SessionBuilder strictBuilder = new SessionBuilder(refusing, new SignalLocks(), SecureRandoms.create(),
                (a, p, c) -> { });
        alice.builder.process(bob.address, bob.bundle());
        PairwiseMessage pkmsg = alice.cipher.encrypt(bob.address, bytes("x"));

        assertError(() -> strictCipher.decrypt(alice.address, pkmsg), SignalError.UntrustedIdentity.class);
        assertError(() -> strictBuilder.process(alice.address, alice.bundle()),
                SignalError.UntrustedIdentity.class);
        assertThat(bob.stores.sessions().loadSession(alice.address)).isEmpty();
    }

    @Test
    void malformedCiphertextsAreInvalidMessages() {
        byte[] wrongVersion = {0x23, 0x0a, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};
        assertError(() -> bob.cipher.decrypt(alice.address, "msg", new byte[3]), SignalError.InvalidMessage.class);
        assertError(() -> bob.cipher.decrypt(alice.address, "msg", wrongVersion), SignalError.InvalidMessage.class);
        assertError(() -> bob.cipher.decrypt(alice.address, "pkmsg", new byte[]{0x33}),
                SignalError.InvalidMessage.class);
        assertError(() -> bob.cipher.decrypt(alice.address, "pkmsg", new byte[]{0x33, (byte) 0xff, (byte) 0xff}),
                SignalError.InvalidMessage.class);
        assertError(() -> bob.cipher.decrypt(alice.address, "skmsg", new byte[]{0x33}),
                SignalError.InvalidMessage.class);
    }

    @Test
    void randomlyCorruptedMessagesNeverEscapeAsUncheckedExceptions() throws Exception {
        establish();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            PairwiseMessage message = alice.cipher.encrypt(bob.address, bytes("m" + i));
            byte[] corrupt = message.serialized();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
            }
            if (random.nextBoolean()) {
                corrupt = java.util.Arrays.copyOf(corrupt, random.nextInt(corrupt.length));
            }
            byte[] input = corrupt;
            assertThatThrownBy(() -> bob.cipher.decrypt(alice.address, message.encType(), input))
                    .isInstanceOf(SignalProtocolException.class);
        }
    }

    @Test
    void sessionRecordsSurviveSerialization() throws Exception {
        establish();
        for (int i = 0; i < 5; i++) {
            alice.cipher.encrypt(bob.address, bytes("skipped " + i));
        }
        roundTrip(alice, bob, "x");
        SessionRecord record = bob.stores.sessions().loadSession(alice.address).orElseThrow();
        SessionRecord copy = SessionRecord.parse(record.serialize());
        assertThat(copy.sameAs(record)).isTrue();
        assertThat(copy.current().orElseThrow().receiverChains().getLast().skippedKeys()).hasSize(5);
        assertThatThrownBy(() -> SessionRecord.parse(new byte[]{(byte) 0xff, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private void establish() throws Exception {
        alice.builder.process(bob.address, bob.bundle());
        roundTrip(alice, bob, "hello");
        roundTrip(bob, alice, "hi");
    }

    private static void roundTrip(TestDevice from, TestDevice to, String text) throws Exception {
        PairwiseMessage message = from.cipher.encrypt(to.address, bytes(text));
        assertThat(to.cipher.decrypt(from.address, message)).as(text).isEqualTo(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void assertError(ThrowableAssert.ThrowingCallable call, Class<? extends SignalError> expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SignalProtocolException.class,
                e -> assertThat(e.error()).as(e.getMessage()).isInstanceOf(expected));
    }

    /** An identity store with a pinning policy: refuses every identity. */
    private record RefusingIdentities(IdentityKeyStore delegate) implements IdentityKeyStore {

        @Override
        public dev.wagateway.protocol.signal.keys.IdentityKeyPair identityKeyPair() {
            return delegate.identityKeyPair();
        }

        @Override
        public int localRegistrationId() {
            return delegate.localRegistrationId();
        }

        @Override
        public TrustDecision decide(SignalAddress address, IdentityKey identityKey) {
            return new TrustDecision.Refused("pinned");
        }

        @Override
        public void saveIdentity(SignalAddress address, IdentityKey identityKey) {
            delegate.saveIdentity(address, identityKey);
        }

        @Override
        public Optional<IdentityKey> identity(SignalAddress address) {
            return delegate.identity(address);
        }

        @Override
        public void deleteIdentity(SignalAddress address) {
            delegate.deleteIdentity(address);
        }
    }
}
