package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.session.CombiningEncryptor;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static dev.wagateway.persistence.protocol.SignalPeers.bundle;
import static dev.wagateway.persistence.protocol.SignalPeers.withCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CombiningEncryptor} on the PostgreSQL store: the sends of one device waiting for its stripes are committed
 * in one transaction, which a fresh store (a restart) continues from; a commit that fails fails every send of its
 * batch and leaves no uncommitted step in the store's cache. Batches are formed deterministically: the test holds a
 * stripe of the first send, which takes the combining lock alone and waits, while the others queue behind it.
 */
class CombinedRatchetCommitTest {

    private static final SecureRandom RANDOM = SecureRandoms.create();

    private final ObservedJdbi observed = new ObservedJdbi();
    private final String key = "combined-" + UUID.randomUUID();
    private final SignalLocks locks = new SignalLocks(16);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final CombiningEncryptor combiner = new CombiningEncryptor(locks, batchSizes::add);
    private final DeviceStore bobPhone = withCredentials(new InMemoryDeviceStore(), RANDOM);
    private final DeviceStore bobLaptop = withCredentials(new InMemoryDeviceStore(), RANDOM);
    private final SignalAddress phone = new SignalAddress("15550003333", 0);
    private final SignalAddress laptop = new SignalAddress("15550003333", 2);
    private final SignalAddress aliceAddress = new SignalAddress("15550003334", 0);
    private DeviceStore alice;

    @BeforeEach
    void aliceHasSessionsWithBothOfBobsDevices() throws Exception {
        alice = withCredentials(new PostgresDeviceStore(observed.jdbi(), key), RANDOM);
        SessionBuilder builder = new SessionBuilder(alice.signalStores(), locks, RANDOM,
                IdentityChangeListener.IGNORE);
        builder.process(phone, bundle(bobPhone, 21, RANDOM));
        builder.process(laptop, bundle(bobLaptop, 22, RANDOM));
        send(alice, "warm-up"); // both sessions cached
        observed.handles().set(0);
        observed.statements().clear();
        batchSizes.clear();
    }

    @Test
    void waitingSendsAreCommittedInOneTransactionThatAFreshStoreContinues() throws Exception {
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> out = queuedBehindHeldStripe(5);

        assertThat(batchSizes).containsExactly(1, 4);
        assertThat(observed.handles()).as("one transaction per batch, nothing read").hasValue(2);
        for (int i = 0; i < 5; i++) {
            assertThat(decrypt(bobPhone, out.get(i).get().get(phone))).isEqualTo("phone " + i);
            assertThat(decrypt(bobLaptop, out.get(i).get().get(laptop))).isEqualTo("laptop " + i);
        }
        // a restart reads what the batch committed: its next step is new to bob (a reused key would be a duplicate)
        DeviceStore reopened = new PostgresDeviceStore(TestDatabase.get().jdbi(), key);
        send(reopened, "after the restart");
    }

    @Test
    void aFailedCommitFailsEverySendOfTheBatchAndNoUncommittedStepIsKept() throws Exception {
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> out = queuedBehindHeldStripe(5,
                () -> observed.failUses().set(true));

        assertThat(batchSizes).as("no batch committed").isEmpty();
        for (CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>> failed : out) {
            assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).cause()
                    .hasMessageContaining("went away");
        }
        observed.failUses().set(false);
        observed.statements().clear();

        // the cache forgot both sessions: they are read again, and the next send takes the steps that never left
        send(alice, "after the failure");
        assertThat(observed.statements()).as("the sessions were read again").filteredOn("select"::equalsIgnoreCase)
                .hasSize(2);
        send(new PostgresDeviceStore(TestDatabase.get().jdbi(), key), "from a fresh store");
    }

    /** Alice sends {@code text} to both of Bob's devices through the combiner on {@code store}; each reads its copy. */
    private void send(DeviceStore store, String text) throws Exception {
        Map<SignalAddress, SessionCipher.Encrypted> out = combiner.encryptAll(store.signalStores(),
                plaintexts(text + " (phone)", text + " (laptop)"));
        assertThat(decrypt(bobPhone, out.get(phone))).isEqualTo(text + " (phone)");
        assertThat(decrypt(bobLaptop, out.get(laptop))).isEqualTo(text + " (laptop)");
    }

    private List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> queuedBehindHeldStripe(int sends)
            throws Exception {
        return queuedBehindHeldStripe(sends, () -> { });
    }

    /**
     * {@code sends} sends to both of Bob's devices, each on a thread of its own: the first while this thread holds
     * the phone's stripe (it takes the combining lock with its own request and waits on the stripe), each next once
     * the previous one waits; then {@code beforeRelease} runs and the stripe is let go.
     */
    private List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> queuedBehindHeldStripe(
            int sends, Runnable beforeRelease) throws Exception {
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (var stripe = locks.hold(phone)) {
            for (int i = 0; i < sends; i++) {
                Map<SignalAddress, byte[]> request = plaintexts("phone " + i, "laptop " + i);
                CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>> result = new CompletableFuture<>();
                results.add(result);
                Thread thread = Thread.ofVirtual().start(() -> {
                    try {
                        result.complete(combiner.encryptAll(alice.signalStores(), request));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
                threads.add(thread);
                while (thread.getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
            }
            beforeRelease.run();
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofMinutes(1))).isTrue();
        }
        return results;
    }

    private Map<SignalAddress, byte[]> plaintexts(String toPhone, String toLaptop) {
        Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
        plaintexts.put(phone, toPhone.getBytes(StandardCharsets.UTF_8));
        plaintexts.put(laptop, toLaptop.getBytes(StandardCharsets.UTF_8));
        return plaintexts;
    }

    private String decrypt(DeviceStore device, SessionCipher.Encrypted outcome) throws Exception {
        assertThat(outcome).isInstanceOf(SessionCipher.Encrypted.Done.class);
        PairwiseMessage message = ((SessionCipher.Encrypted.Done) outcome).message();
        byte[] plaintext = new SessionCipher(device.signalStores(), new SignalLocks(4), RANDOM,
                IdentityChangeListener.IGNORE).decrypt(aliceAddress, message);
        return new String(plaintext, StandardCharsets.UTF_8);
    }
}
