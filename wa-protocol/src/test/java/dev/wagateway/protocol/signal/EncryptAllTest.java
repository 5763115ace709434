package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.SessionStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SessionCipher#encryptAll}: one plaintext per device of a fan-out, every advanced session handed to the store
 * in one {@link SessionStore#storeSessions} call before the ciphertexts are returned; an address without a session is
 * reported and the others still go; a failed save leaves every session as it was. And {@link SignalLocks#holdAll}.
 */
class EncryptAllTest {

    private final TestDevice alice = TestDevice.create("15550000001", 0);
    private final TestDevice bobPhone = TestDevice.create("15550000002", 0);
    private final TestDevice bobLaptop = TestDevice.create("15550000002", 3);

    @Test
    void everyDeviceGetsItsCiphertextAndTheSessionsAreSavedInOneWrite() throws Exception {
        alice.builder.process(bobPhone.address, bobPhone.bundle());
        alice.builder.process(bobLaptop.address, bobLaptop.bundle());
        CountingSessionStore sessions = new CountingSessionStore(alice.stores.sessions());
        SessionCipher cipher = new SessionCipher(sessions.in(alice.stores), new SignalLocks(4),
                new java.security.SecureRandom(), dev.wagateway.protocol.signal.store.IdentityChangeListener.IGNORE);
        SignalAddress stranger = new SignalAddress("15550000009", 0);

        for (int round = 0; round < 3; round++) {
            Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
            plaintexts.put(bobPhone.address, bytes("phone " + round));
            plaintexts.put(stranger, bytes("nobody"));
            plaintexts.put(bobLaptop.address, bytes("laptop " + round));
            Map<SignalAddress, SessionCipher.Encrypted> out = cipher.encryptAll(plaintexts);

            assertThat(out.keySet()).containsExactly(bobPhone.address, stranger, bobLaptop.address);
            assertThat(out.get(stranger)).isInstanceOfSatisfying(SessionCipher.Encrypted.Failed.class,
                    failed -> assertThat(failed.error().error()).isInstanceOf(SignalError.NoSession.class));
            assertThat(bobPhone.cipher.decrypt(alice.address, done(out.get(bobPhone.address))))
                    .isEqualTo(bytes("phone " + round));
            assertThat(bobLaptop.cipher.decrypt(alice.address, done(out.get(bobLaptop.address))))
                    .isEqualTo(bytes("laptop " + round));
        }
        // one batch per fan-out, holding exactly the sessions that advanced; no single-session writes
        assertThat(sessions.batches).hasSize(3).allSatisfy(batch ->
                assertThat(batch).containsExactly(bobPhone.address, bobLaptop.address));
        assertThat(sessions.singleWrites).hasValue(0);
        assertThat(alice.stores.sessions().loadSession(stranger)).isEmpty();
    }

    @Test
    void aFailedSaveLeavesEverySessionAsItWasSoNoChainKeyIsUsedTwice() throws Exception {
        alice.builder.process(bobPhone.address, bobPhone.bundle());
        alice.builder.process(bobLaptop.address, bobLaptop.bundle());
        CountingSessionStore sessions = new CountingSessionStore(alice.stores.sessions());
        SessionCipher cipher = new SessionCipher(sessions.in(alice.stores), new SignalLocks(4),
                new java.security.SecureRandom(), dev.wagateway.protocol.signal.store.IdentityChangeListener.IGNORE);
        byte[] before = alice.stores.sessions().loadSession(bobPhone.address).orElseThrow().serialize();

        sessions.failNextBatch();
        assertThatThrownBy(() -> cipher.encryptAll(Map.of(bobPhone.address, bytes("lost"),
                bobLaptop.address, bytes("lost")))).hasMessageContaining("disk full");
        assertThat(alice.stores.sessions().loadSession(bobPhone.address).orElseThrow().serialize()).isEqualTo(before);

        // the next message reuses the step of the one that never left: bob reads it as the first
        PairwiseMessage next = done(cipher.encryptAll(Map.of(bobPhone.address, bytes("kept"))).get(bobPhone.address));
        assertThat(bobPhone.cipher.decrypt(alice.address, next)).isEqualTo(bytes("kept"));
    }

    @Test
    void holdAllHoldsEveryKeyUntilClosedAndOverlappingSetsInAnyOrderDoNotDeadlock() throws Exception {
        SignalLocks locks = new SignalLocks(8);
        List<SignalAddress> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(new SignalAddress("1555000000" + i, i));
        }
        AtomicBoolean otherGotIn = new AtomicBoolean();
        CountDownLatch tried = new CountDownLatch(1);
        Thread other;
        try (var held = locks.holdAll(keys)) {
            other = Thread.ofVirtual().start(() -> {
                tried.countDown();
                try (var one = locks.hold(keys.get(4))) {
                    otherGotIn.set(true);
                }
            });
            tried.await();
            Thread.sleep(50); // give the other thread the chance to get in wrongly
            assertThat(otherGotIn).as("a key of a held set is locked").isFalse();
        }
        other.join();
        assertThat(otherGotIn).isTrue();

        // many threads each take overlapping sets in opposite orders: all finish (a deadlock would hang here)
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            List<SignalAddress> mine = new ArrayList<>(t % 2 == 0 ? keys : keys.reversed());
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    try (var held = locks.holdAll(mine.subList(i % 3, mine.size()))) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(java.time.Duration.ofMinutes(2))).as("no deadlock").isTrue();
        }
    }

    private static PairwiseMessage done(SessionCipher.Encrypted outcome) {
        assertThat(outcome).isInstanceOf(SessionCipher.Encrypted.Done.class);
        return ((SessionCipher.Encrypted.Done) outcome).message();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
