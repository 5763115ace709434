package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.WhatsAppPadding;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.TrustDecision;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One contract for every Signal store, run against PostgreSQL and against memory: real conversations (X3DH, the
 * double ratchet, sender keys) where the store under test is reopened between messages, so every record goes
 * through its serialized form; the session bookkeeping queries; batches; identity decisions; and many threads
 * writing one device at once.
 */
class SignalStoreContractTest {

    private static final SecureRandom RANDOM = SecureRandoms.create();
    private static final PostgresDatabase database = TestDatabase.get();

    /** A store kind: how to open (and reopen) the store of one device. */
    private static Supplier<DeviceStore> opener(String kind) {
        if (kind.equals("memory")) {
            InMemoryDeviceStore store = new InMemoryDeviceStore();
            return () -> store;
        }
        String key = "contract-" + UUID.randomUUID();
        return () -> new PostgresDeviceStore(database.jdbi(), key);
    }

    private static DeviceStore withCredentials(Supplier<DeviceStore> opener) {
        DeviceStore store = opener.get();
        store.saveCredentials(DeviceCredentials.generate(RANDOM, System.currentTimeMillis()));
        return store;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void aConversationSurvivesReopeningTheStoreAfterEveryMessage(String kind) throws Exception {
        Supplier<DeviceStore> alice = opener(kind);
        withCredentials(alice);
        DeviceStore bob = withCredentials(InMemoryDeviceStore::new);
        SignalAddress bobAddress = new SignalAddress("15550002222", 0);
        SignalAddress aliceAddress = new SignalAddress("15550001111", 3);

        PreKey bobPreKey = new SignalKeyGenerator(RANDOM).preKeys(7, 1).getFirst();
        bob.signalStores().preKeys().storePreKey(bobPreKey);
        DeviceCredentials bobCredentials = bob.credentials().orElseThrow();
        SignedPreKey bobSigned = bobCredentials.signedPreKey();
        new SessionBuilder(alice.get().signalStores(), new SignalLocks(4), RANDOM, IdentityChangeListener.IGNORE)
                .process(bobAddress, new PreKeyBundle(bobCredentials.registrationId(),
                        bobCredentials.identityKeyPair().publicKey(),
                        new PreKeyBundle.SignedPreKeyPublic(bobSigned.id(), bobSigned.keyPair().publicKey(),
                                bobSigned.signature()),
                        Optional.of(new PreKeyBundle.PreKeyPublic(bobPreKey.id(), bobPreKey.keyPair().publicKey()))));

        for (int round = 0; round < 12; round++) {
            String fromAlice = "to bob " + round;
            PairwiseMessage sent = cipher(alice.get()).encrypt(bobAddress, padded(fromAlice));
            assertThat(text(cipher(bob).decrypt(aliceAddress, sent))).isEqualTo(fromAlice);
            if (round % 3 == 2) { // Bob answers now and then: both ratchets turn
                String fromBob = "to alice " + round;
                PairwiseMessage reply = cipher(bob).encrypt(aliceAddress, padded(fromBob));
                assertThat(text(cipher(alice.get()).decrypt(bobAddress, reply))).isEqualTo(fromBob);
            }
        }
        assertThat(bob.signalStores().preKeys().containsPreKey(7)).isFalse();

        SignalStores reopened = alice.get().signalStores();
        SignalAddress bobCompanion = new SignalAddress("15550002222", 5);
        reopened.sessions().storeSession(bobCompanion, reopened.sessions().loadSession(bobAddress).orElseThrow());
        assertThat(alice.get().signalStores().sessions().deviceIds("15550002222")).containsExactlyInAnyOrder(0, 5);
        alice.get().signalStores().sessions().deleteSession(bobCompanion);
        assertThat(alice.get().signalStores().sessions().deviceIds("15550002222")).containsExactly(0);
        alice.get().signalStores().sessions().deleteAllSessions("15550002222");
        assertThat(alice.get().signalStores().sessions().loadSession(bobAddress)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void senderKeysSurviveReopeningTheStoreBothWays(String kind) throws Exception {
        Supplier<DeviceStore> alice = opener(kind);
        withCredentials(alice);
        DeviceStore bob = withCredentials(InMemoryDeviceStore::new);
        SignalLocks locks = new SignalLocks(4);
        SenderKeyName aliceInGroup = new SenderKeyName("120363000000000001@g.us",
                new SignalAddress("15550001111", 3));
        SenderKeyName bobInGroup = new SenderKeyName("120363000000000001@g.us",
                new SignalAddress("15550002222", 0));

        SenderKeyDistributionMessage aliceKey = new GroupSessionBuilder(alice.get().signalStores().senderKeys(), locks,
                RANDOM).create(aliceInGroup);
        new GroupSessionBuilder(bob.signalStores().senderKeys(), locks, RANDOM).process(aliceInGroup, aliceKey);
        SenderKeyDistributionMessage bobKey = new GroupSessionBuilder(bob.signalStores().senderKeys(), locks, RANDOM)
                .create(bobInGroup);
        new GroupSessionBuilder(alice.get().signalStores().senderKeys(), locks, RANDOM).process(bobInGroup, bobKey);

        for (int i = 0; i < 8; i++) {
            SenderKeyMessage fromAlice = new GroupCipher(alice.get().signalStores().senderKeys(), locks, RANDOM)
                    .encrypt(aliceInGroup, padded("alice " + i));
            assertThat(text(new GroupCipher(bob.signalStores().senderKeys(), locks, RANDOM)
                    .decrypt(aliceInGroup, fromAlice))).isEqualTo("alice " + i);
            SenderKeyMessage fromBob = new GroupCipher(bob.signalStores().senderKeys(), locks, RANDOM)
                    .encrypt(bobInGroup, padded("bob " + i));
            assertThat(text(new GroupCipher(alice.get().signalStores().senderKeys(), locks, RANDOM)
                    .decrypt(bobInGroup, fromBob))).isEqualTo("bob " + i);
        }
        alice.get().signalStores().senderKeys().deleteSenderKey(bobInGroup);
        assertThat(alice.get().signalStores().senderKeys().loadSenderKey(bobInGroup)).isEmpty();
        assertThat(alice.get().signalStores().senderKeys().loadSenderKey(aliceInGroup)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void keysAndIdentitiesFollowTheContract(String kind) {
        Supplier<DeviceStore> device = opener(kind);
        DeviceStore store = withCredentials(device);
        SignalKeyGenerator generator = new SignalKeyGenerator(RANDOM);

        List<PreKey> batch = generator.preKeys(1, 120);
        store.signalStores().preKeys().storePreKeys(batch);
        SignalStores reopened = device.get().signalStores();
        assertThat(reopened.preKeys().loadPreKey(60)).hasValueSatisfying(key ->
                assertThat(key.keyPair().publicKey()).isEqualTo(batch.get(59).keyPair().publicKey()));
        reopened.preKeys().removePreKey(60);
        assertThat(device.get().signalStores().preKeys().containsPreKey(60)).isFalse();
        assertThat(device.get().signalStores().preKeys().containsPreKey(120)).isTrue();

        int initialSigned = store.credentials().orElseThrow().signedPreKey().id();
        SignedPreKey next = generator.signedPreKey(store.credentials().orElseThrow().identityKeyPair(),
                initialSigned + 1, System.currentTimeMillis());
        reopened.signedPreKeys().storeSignedPreKey(next);
        assertThat(device.get().signalStores().signedPreKeys().loadSignedPreKeys()).extracting(SignedPreKey::id)
                .containsExactlyInAnyOrder(initialSigned, initialSigned + 1);
        device.get().signalStores().signedPreKeys().removeSignedPreKey(initialSigned);
        assertThat(device.get().signalStores().signedPreKeys().loadSignedPreKey(initialSigned)).isEmpty();
        assertThat(device.get().signalStores().signedPreKeys().loadSignedPreKey(initialSigned + 1)).contains(next);

        SignalAddress peer = new SignalAddress("15550009999", 0);
        IdentityKey first = new IdentityKey(Curve25519.generateKeyPair(RANDOM).publicKey());
        IdentityKey second = new IdentityKey(Curve25519.generateKeyPair(RANDOM).publicKey());
        assertThat(device.get().signalStores().identities().decide(peer, first))
                .isInstanceOf(TrustDecision.FirstUse.class);
        device.get().signalStores().identities().saveIdentity(peer, first);
        assertThat(device.get().signalStores().identities().decide(peer, first))
                .isInstanceOf(TrustDecision.Unchanged.class);
        assertThat(device.get().signalStores().identities().decide(peer, second))
                .isInstanceOf(TrustDecision.Changed.class);
        device.get().signalStores().identities().deleteIdentity(peer);
        assertThat(device.get().signalStores().identities().identity(peer)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "memory"})
    void manyThreadsWriteOneDeviceAtOnce(String kind) throws Exception {
        Supplier<DeviceStore> device = opener(kind);
        DeviceStore store = withCredentials(device);
        SignalKeyGenerator generator = new SignalKeyGenerator(RANDOM);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(() -> {
                store.signalStores().preKeys().storePreKeys(generator.preKeys(1 + thread * 50, 50));
                for (int i = 0; i < 20; i++) {
                    store.signalStores().identities().saveIdentity(new SignalAddress("peer" + thread, i),
                            new IdentityKey(Curve25519.generateKeyPair(RANDOM).publicKey()));
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        }
        SignalStores reopened = device.get().signalStores();
        for (int id = 1; id <= 400; id++) {
            assertThat(reopened.preKeys().containsPreKey(id)).as("pre-key %d", id).isTrue();
        }
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 20; i++) {
                assertThat(reopened.identities().identity(new SignalAddress("peer" + t, i))).isPresent();
            }
        }
    }

    private static SessionCipher cipher(DeviceStore store) {
        return new SessionCipher(store.signalStores(), new SignalLocks(4), RANDOM, IdentityChangeListener.IGNORE);
    }

    private static byte[] padded(String text) {
        return new WhatsAppPadding(RANDOM).pad(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] padded) throws Exception {
        return new String(WhatsAppPadding.unpad(padded), StandardCharsets.UTF_8);
    }
}
