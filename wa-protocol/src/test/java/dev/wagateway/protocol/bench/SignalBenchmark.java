package dev.wagateway.protocol.bench;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.groups.SenderKeyStore;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SessionStore;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Signal costs on one core: pairwise encrypt and decrypt of a 100-byte message on an established session, session
 * set-up from a bundle, and sender-key encrypt and decrypt. Every operation loads and stores its record through an
 * in-memory store as bytes, as a database-backed store would.
 *
 * <p>Decryption must not see the same message twice, so the decrypt benchmarks read from "frozen" stores that hand
 * out the same record every time and drop what is stored: each call decrypts the same message from the same state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class SignalBenchmark {

    private final SecureRandom random = SecureRandoms.create();
    private final byte[] plaintext = new byte[100];

    private final SignalAddress aliceAddress = new SignalAddress("15550000001", 0);
    private final SignalAddress bobAddress = new SignalAddress("15550000002", 0);
    private SessionCipher aliceCipher;
    private SessionCipher bobFrozenCipher;
    private SessionCipher bobBeforeStepCipher;
    private PairwiseMessage inChainMessage;
    private PairwiseMessage ratchetStepMessage;

    private SessionBuilder throwawayBuilder;
    private PreKeyBundle bobBundle;

    private final SenderKeyName groupName = new SenderKeyName("120363000000000001@g.us", aliceAddress);
    private GroupCipher groupSender;
    private GroupCipher groupFrozenReceiver;
    private SenderKeyMessage groupMessage;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        random.nextBytes(plaintext);
        SignalKeyGenerator keys = new SignalKeyGenerator(random);
        IdentityKeyPair bobIdentity = keys.identityKeyPair();
        SignalStores alice = SignalStores.inMemory(keys.identityKeyPair(), keys.registrationId());
        SignalStores bob = SignalStores.inMemory(bobIdentity, keys.registrationId());
        SignedPreKey signedPreKey = keys.signedPreKey(bobIdentity, 1, 0);
        bob.signedPreKeys().storeSignedPreKey(signedPreKey);
        List<PreKey> preKeys = keys.preKeys(1, 2);
        preKeys.forEach(bob.preKeys()::storePreKey);
        bobBundle = new PreKeyBundle(bob.identities().localRegistrationId(), bobIdentity.publicKey(),
                new PreKeyBundle.SignedPreKeyPublic(1, signedPreKey.keyPair().publicKey(), signedPreKey.signature()),
                Optional.of(new PreKeyBundle.PreKeyPublic(1, preKeys.getFirst().keyPair().publicKey())));

        SignalLocks aliceLocks = new SignalLocks();
        SignalLocks bobLocks = new SignalLocks();
        new SessionBuilder(alice, aliceLocks, random, IdentityChangeListener.IGNORE).process(bobAddress, bobBundle);
        aliceCipher = new SessionCipher(alice, aliceLocks, random, IdentityChangeListener.IGNORE);
        SessionCipher bobCipher = new SessionCipher(bob, bobLocks, random, IdentityChangeListener.IGNORE);
        bobCipher.decrypt(aliceAddress, aliceCipher.encrypt(bobAddress, plaintext));
        aliceCipher.decrypt(bobAddress, bobCipher.encrypt(aliceAddress, plaintext));

        // Alice's next two messages: the first opens her new chain at Bob (a ratchet step), the second follows it.
        ratchetStepMessage = aliceCipher.encrypt(bobAddress, plaintext);
        inChainMessage = aliceCipher.encrypt(bobAddress, plaintext);
        SessionRecord beforeStep = bob.sessions().loadSession(aliceAddress).orElseThrow();
        bobCipher.decrypt(aliceAddress, ratchetStepMessage);
        SessionRecord afterStep = bob.sessions().loadSession(aliceAddress).orElseThrow();
        bobFrozenCipher = new SessionCipher(frozen(bob, aliceAddress, afterStep), new SignalLocks(), random,
                IdentityChangeListener.IGNORE);
        bobBeforeStepCipher = new SessionCipher(frozen(bob, aliceAddress, beforeStep), new SignalLocks(), random,
                IdentityChangeListener.IGNORE);

        throwawayBuilder = new SessionBuilder(frozen(alice, bobAddress, null), new SignalLocks(), random,
                IdentityChangeListener.IGNORE);

        SignalStores groupStores = SignalStores.inMemory(keys.identityKeyPair(), 1);
        SignalLocks groupLocks = new SignalLocks();
        SenderKeyDistributionMessage distribution =
                new GroupSessionBuilder(groupStores.senderKeys(), groupLocks, random).create(groupName);
        groupSender = new GroupCipher(groupStores.senderKeys(), groupLocks, random);
        groupMessage = groupSender.encrypt(groupName, plaintext);
        SignalStores receiverStores = SignalStores.inMemory(keys.identityKeyPair(), 2);
        new GroupSessionBuilder(receiverStores.senderKeys(), new SignalLocks(), random).process(groupName,
                distribution);
        SenderKeyRecord receiverRecord = receiverStores.senderKeys().loadSenderKey(groupName).orElseThrow();
        groupFrozenReceiver = new GroupCipher(new FrozenSenderKeys(receiverRecord.serialize()), new SignalLocks(),
                random);
    }

    @Benchmark
    public PairwiseMessage encrypt100Bytes() throws Exception {
        return aliceCipher.encrypt(bobAddress, plaintext);
    }

    @Benchmark
    public byte[] decrypt100BytesInChain() throws Exception {
        return bobFrozenCipher.decrypt(aliceAddress, inChainMessage);
    }

    @Benchmark
    public byte[] decrypt100BytesWithRatchetStep() throws Exception {
        return bobBeforeStepCipher.decrypt(aliceAddress, ratchetStepMessage);
    }

    @Benchmark
    public PreKeyBundle sessionFromBundle() throws Exception {
        throwawayBuilder.process(bobAddress, bobBundle);
        return bobBundle;
    }

    @Benchmark
    public SenderKeyMessage senderKeyEncrypt100Bytes() throws Exception {
        return groupSender.encrypt(groupName, plaintext);
    }

    @Benchmark
    public byte[] senderKeyDecrypt100Bytes() throws Exception {
        return groupFrozenReceiver.decrypt(groupName, groupMessage);
    }

    /** {@code stores} with a session store that always hands out {@code record} (or none) and drops writes. */
    private static SignalStores frozen(SignalStores stores, SignalAddress address, SessionRecord record) {
        byte[] bytes = record == null ? null : record.serialize();
        SessionStore sessions = new SessionStore() {
            @Override
            public Optional<SessionRecord> loadSession(SignalAddress which) {
                return bytes != null && which.equals(address) ? Optional.of(SessionRecord.parse(bytes))
                        : Optional.empty();
            }

            @Override
            public void storeSession(SignalAddress which, SessionRecord changed) {
                changed.serialize();
            }

            @Override
            public void deleteSession(SignalAddress which) {
            }

            @Override
            public void deleteAllSessions(String name) {
            }

            @Override
            public List<Integer> deviceIds(String name) {
                return List.of();
            }
        };
        return new SignalStores(stores.identities(), stores.preKeys(), stores.signedPreKeys(), sessions,
                stores.senderKeys());
    }

    /** A sender key store that always hands out the same record and drops writes (after serializing them). */
    private record FrozenSenderKeys(byte[] record) implements SenderKeyStore {

        @Override
        public Optional<SenderKeyRecord> loadSenderKey(SenderKeyName name) {
            return Optional.of(SenderKeyRecord.parse(record));
        }

        @Override
        public void storeSenderKey(SenderKeyName name, SenderKeyRecord changed) {
            changed.serialize();
        }

        @Override
        public void deleteSenderKey(SenderKeyName name) {
        }
    }
}
