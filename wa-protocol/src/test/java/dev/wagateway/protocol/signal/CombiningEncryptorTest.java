package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.SignalMessage;
import dev.wagateway.protocol.signal.session.CombiningEncryptor;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.signal.store.SignalStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CombiningEncryptor}: the sends of one device that wait for its lock stripes ride on one ratchet commit.
 * Batches are formed deterministically: the test holds a stripe the first request needs, so the first thread takes
 * the combining lock with its own request only and waits on the stripe while the others queue behind it; releasing
 * the stripe lets the first batch commit, and the next holder of the combining lock takes all the others at once.
 */
class CombiningEncryptorTest {

    private final TestDevice alice = TestDevice.create("15550000001", 0);
    private final TestDevice bobPhone = TestDevice.create("15550000002", 0);
    private final TestDevice bobLaptop = TestDevice.create("15550000002", 3);
    private final SignalAddress stranger = new SignalAddress("15550000009", 0);
    private final SignalLocks locks = new SignalLocks(4);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final CombiningEncryptor combiner = new CombiningEncryptor(locks, batchSizes::add);
    private CountingSessionStore sessions;
    private SignalStores stores;

    @BeforeEach
    void aliceHasSessionsWithBothOfBobsDevices() throws Exception {
        alice.builder.process(bobPhone.address, bobPhone.bundle());
        alice.builder.process(bobLaptop.address, bobLaptop.bundle());
        sessions = new CountingSessionStore(alice.stores.sessions());
        stores = sessions.in(alice.stores);
    }

    @Test
    void waitingSendsShareOneCommitEachSessionLoadedOnceAndSteppedInQueueOrder() throws Exception {
        List<Map<SignalAddress, byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(plaintexts(bobPhone.address, "phone " + i, bobLaptop.address, "laptop " + i));
        }
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> out =
                queuedBehindHeldStripe(bobPhone.address, requests);

        assertThat(batchSizes).containsExactly(1, 4);
        assertThat(sessions.batches).hasSize(2).allSatisfy(batch ->
                assertThat(batch).containsExactly(bobPhone.address, bobLaptop.address));
        assertThat(sessions.loads).as("each session once per batch").hasValue(4);
        assertThat(sessions.singleWrites).hasValue(0);
        for (int i = 0; i < 5; i++) {
            Map<SignalAddress, SessionCipher.Encrypted> result = out.get(i).get();
            PairwiseMessage phone = done(result.get(bobPhone.address));
            assertThat(counter(phone)).as("consecutive counters in queue order").isEqualTo(i);
            assertThat(counter(done(result.get(bobLaptop.address)))).isEqualTo(i);
            assertThat(bobPhone.cipher.decrypt(alice.address, phone)).isEqualTo(bytes("phone " + i));
            assertThat(bobLaptop.cipher.decrypt(alice.address, done(result.get(bobLaptop.address))))
                    .isEqualTo(bytes("laptop " + i));
        }
        // what was committed is where the next send continues
        assertThat(counter(done(combiner.encryptAll(stores, plaintexts(bobPhone.address, "next"))
                .get(bobPhone.address)))).isEqualTo(5);
    }

    @Test
    void aFailedCommitFailsEveryRequestOfItsBatchAndTheNextSendRetakesTheSteps() throws Exception {
        sessions.failBatch(2); // the batch of the four waiting sends
        List<Map<SignalAddress, byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(plaintexts(bobPhone.address, "phone " + i, bobLaptop.address, "laptop " + i));
        }
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> out =
                queuedBehindHeldStripe(bobPhone.address, requests);

        assertThat(batchSizes).as("only committed batches are counted").containsExactly(1);
        assertThat(bobPhone.cipher.decrypt(alice.address, done(out.get(0).get().get(bobPhone.address))))
                .isEqualTo(bytes("phone 0"));
        for (int i = 1; i < 5; i++) {
            CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>> failed = out.get(i);
            assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).cause()
                    .hasMessageContaining("disk full");
        }
        // none of the four left: the next send takes the first step after the committed one, and bob reads it
        PairwiseMessage next = done(combiner.encryptAll(stores, plaintexts(bobPhone.address, "after"))
                .get(bobPhone.address));
        assertThat(counter(next)).isEqualTo(1);
        assertThat(bobPhone.cipher.decrypt(alice.address, next)).isEqualTo(bytes("after"));
    }

    @Test
    void anAddressWithoutASessionFailsForItselfOnlyAndTheBatchGoesOn() throws Exception {
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> out = queuedBehindHeldStripe(
                bobPhone.address, List.of(
                        plaintexts(bobPhone.address, "first"),
                        plaintexts(stranger, "to nobody", bobPhone.address, "second"),
                        plaintexts(bobLaptop.address, "third")));

        assertThat(batchSizes).containsExactly(1, 2);
        assertThat(sessions.batches.get(1)).containsExactly(bobPhone.address, bobLaptop.address);
        Map<SignalAddress, SessionCipher.Encrypted> mixed = out.get(1).get();
        assertThat(mixed.keySet()).containsExactly(stranger, bobPhone.address);
        assertThat(mixed.get(stranger)).isInstanceOfSatisfying(SessionCipher.Encrypted.Failed.class,
                failed -> assertThat(failed.error().error()).isInstanceOf(SignalError.NoSession.class));
        assertThat(bobPhone.cipher.decrypt(alice.address, done(out.get(0).get().get(bobPhone.address))))
                .isEqualTo(bytes("first"));
        assertThat(bobPhone.cipher.decrypt(alice.address, done(mixed.get(bobPhone.address))))
                .isEqualTo(bytes("second"));
        assertThat(bobLaptop.cipher.decrypt(alice.address, done(out.get(2).get().get(bobLaptop.address))))
                .isEqualTo(bytes("third"));
        assertThat(alice.stores.sessions().loadSession(stranger)).isEmpty();
    }

    @Test
    void manySendersOfOneDeviceBesideOtherUsersOfTheStripesEveryMessageArrivesOnce() throws Exception {
        SessionCipher cipher = new SessionCipher(stores, locks, SecureRandoms.create(), IdentityChangeListener.IGNORE);
        ConcurrentLinkedQueue<PairwiseMessage> toPhone = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<PairwiseMessage> toLaptop = new ConcurrentLinkedQueue<>();
        AtomicInteger direct = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        int senders = 24;
        int each = 25;
        for (int t = 0; t < senders; t++) {
            int sender = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    Map<SignalAddress, SessionCipher.Encrypted> out = combiner.encryptAll(stores, plaintexts(
                            bobPhone.address, sender + "/" + i, bobLaptop.address, sender + "/" + i));
                    toPhone.add(done(out.get(bobPhone.address)));
                    toLaptop.add(done(out.get(bobLaptop.address)));
                }
            }));
        }
        // the stripes' other users (a group send's key share, a retry, a session check) go straight to them
        for (int t = 0; t < 2; t++) {
            int other = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 40; i++) {
                    assertThat(cipher.hasSession(bobLaptop.address)).isTrue();
                    toLaptop.add(done(cipher.encryptAll(plaintexts(bobLaptop.address, "direct " + other + "/" + i))
                            .get(bobLaptop.address)));
                    direct.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofMinutes(2))).as("no send hangs").isTrue();
        }

        Set<String> phoneGot = new HashSet<>();
        for (PairwiseMessage message : toPhone) {
            assertThat(phoneGot.add(text(bobPhone.cipher.decrypt(alice.address, message)))).isTrue();
        }
        Set<String> laptopGot = new HashSet<>();
        for (PairwiseMessage message : toLaptop) {
            laptopGot.add(text(bobLaptop.cipher.decrypt(alice.address, message)));
        }
        assertThat(phoneGot).hasSize(senders * each);
        assertThat(laptopGot).hasSize(senders * each + 80);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).as("every send in exactly one batch")
                .isEqualTo(senders * each);
        assertThat(sessions.batches).hasSize(batchSizes.size() + direct.get());
    }

    /**
     * Runs each request on a thread of its own through the combiner, the first while this thread holds the stripe of
     * {@code held}, the others once the first waits on it and each once the previous one waits to combine; then lets
     * them go. The first request must name {@code held}.
     */
    private List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> queuedBehindHeldStripe(
            SignalAddress held, List<Map<SignalAddress, byte[]>> requests) throws Exception {
        List<CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (var stripe = locks.hold(held)) {
            for (Map<SignalAddress, byte[]> request : requests) {
                CompletableFuture<Map<SignalAddress, SessionCipher.Encrypted>> result = new CompletableFuture<>();
                results.add(result);
                Thread thread = Thread.ofVirtual().start(() -> {
                    try {
                        result.complete(combiner.encryptAll(stores, request));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
                threads.add(thread);
                // parked: the first on the stripe (its request taken), the others on the combining lock (queued)
                while (thread.getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
            }
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofMinutes(1))).isTrue();
        }
        return results;
    }

    private static Map<SignalAddress, byte[]> plaintexts(Object... addressesAndTexts) {
        Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
        for (int i = 0; i < addressesAndTexts.length; i += 2) {
            plaintexts.put((SignalAddress) addressesAndTexts[i], bytes((String) addressesAndTexts[i + 1]));
        }
        return plaintexts;
    }

    private static long counter(PairwiseMessage message) {
        return switch (message) {
            case SignalMessage signal -> signal.counter();
            case PreKeySignalMessage preKey -> preKey.message().counter();
        };
    }

    private static PairwiseMessage done(SessionCipher.Encrypted outcome) {
        assertThat(outcome).isInstanceOf(SessionCipher.Encrypted.Done.class);
        return ((SessionCipher.Encrypted.Done) outcome).message();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
