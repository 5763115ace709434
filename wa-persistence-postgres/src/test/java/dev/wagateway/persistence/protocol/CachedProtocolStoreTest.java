package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.wagateway.persistence.protocol.SignalPeers.bundle;
import static dev.wagateway.persistence.protocol.SignalPeers.withCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The send path's reads of a device's protocol store come from the store instance's write-through cache, and its
 * writes are one statement per fan-out; PostgreSQL stays the truth: a fresh store (another instance, a restart)
 * continues every ratchet exactly where the cached one left it, and a write that failed leaves no cached trace.
 * Statements are counted on the store's own Jdbi, so no other test's traffic is seen.
 */
class CachedProtocolStoreTest {

    private static final SecureRandom RANDOM = SecureRandoms.create();

    private final ObservedJdbi observed = new ObservedJdbi();
    private final String key = "cached-" + UUID.randomUUID();
    private DeviceStore alice;
    private final DeviceStore bobPhone = withCredentials(new InMemoryDeviceStore(), RANDOM);
    private final DeviceStore bobLaptop = withCredentials(new InMemoryDeviceStore(), RANDOM);
    private final SignalAddress phone = new SignalAddress("15550002222", 0);
    private final SignalAddress laptop = new SignalAddress("15550002222", 4);
    private final SignalAddress aliceAddress = new SignalAddress("15550001111", 0);

    @BeforeEach
    void aliceHasSessionsWithBothOfBobsDevices() throws Exception {
        alice = withCredentials(new PostgresDeviceStore(observed.jdbi(), key), RANDOM);
        SessionBuilder builder = new SessionBuilder(alice.signalStores(), new SignalLocks(4), RANDOM,
                IdentityChangeListener.IGNORE);
        builder.process(phone, bundle(bobPhone, 11, RANDOM));
        builder.process(laptop, bundle(bobLaptop, 12, RANDOM));
    }

    @Test
    void aWarmFanOutCostsOneStatementAndNoReads() throws Exception {
        SessionCipher cipher = cipher(alice);
        fanOut(cipher, "warm-up");
        SignalAddress byNumber = new SignalAddress("15550002222", 0);
        Jid bobLid = Jid.parse("99887766@lid");
        // what a send asks besides: identities (also of the number address the LID move checks), the peer's
        // privacy token under its LID and under its number, the number of its LID; all answered once
        for (int i = 0; i < 2; i++) {
            alice.signalStores().identities().identity(byNumber);
            alice.signalStores().identities().identity(new SignalAddress("99887766", 0));
            alice.privacyTokens().get(bobLid);
            alice.lidMappings().phoneOf(bobLid);
            alice.signalStores().sessions().loadSession(new SignalAddress("99887766", 0));
        }
        observed.statements().clear();
        observed.handles().set(0);

        for (int round = 0; round < 5; round++) {
            assertThat(cipher.hasSession(phone)).isTrue();
            assertThat(cipher.hasSession(laptop)).isTrue();
            alice.signalStores().identities().identity(byNumber);
            alice.signalStores().identities().identity(new SignalAddress("99887766", 0));
            assertThat(alice.privacyTokens().get(bobLid)).isEmpty();
            assertThat(alice.lidMappings().phoneOf(bobLid)).isEmpty();
            assertThat(alice.signalStores().sessions().loadSession(new SignalAddress("99887766", 0))).isEmpty();
            fanOut(cipher, "round " + round);
        }
        // the ratchet's write runs as plain JDBC on the handle's connection (JDBI's SqlLogger does not see it):
        // one connection use per fan-out, and no statement through JDBI at all, so nothing was read
        assertThat(observed.handles()).as("one transaction per fan-out").hasValue(5);
        assertThat(observed.statements()).as("nothing read").isEmpty();
    }

    @Test
    void aFreshStoreContinuesEveryRatchetWhereTheCachedOneLeftIt() throws Exception {
        SessionCipher cached = cipher(alice);
        for (int round = 0; round < 4; round++) {
            fanOut(cached, "cached " + round);
        }
        // another instance of the same device (a restart, the next node): reads the database, not the cache
        DeviceStore reopened = new PostgresDeviceStore(TestDatabase.get().jdbi(), key);
        for (int round = 0; round < 3; round++) {
            fanOut(cipher(reopened), "reopened " + round); // a reused chain key would be a duplicate at bob's
        }
        IdentityKey identity = new IdentityKey(Curve25519.generateKeyPair(RANDOM).publicKey());
        alice.signalStores().identities().saveIdentity(phone, identity);
        assertThat(new PostgresDeviceStore(TestDatabase.get().jdbi(), key).signalStores().identities().identity(phone))
                .contains(identity);
        alice.signalStores().sessions().deleteSession(laptop);
        assertThat(new PostgresDeviceStore(TestDatabase.get().jdbi(), key).signalStores().sessions()
                .loadSession(laptop)).isEmpty();
    }

    @Test
    void aWriteThatFailedIsForgottenAndTheNextReadGoesToTheDatabase() throws Exception {
        SessionCipher cipher = cipher(alice);
        fanOut(cipher, "first");
        Jid bob = Jid.parse("15550002222@s.whatsapp.net");
        alice.privacyTokens().saveToken(bob, new byte[]{1, 2, 3}, Instant.ofEpochSecond(1_000));
        assertThat(alice.privacyTokens().get(bob)).isPresent();

        observed.failUses().set(true);
        assertThatThrownBy(() -> cipher.encryptAll(Map.of(phone, bytes("lost"), laptop, bytes("lost"))))
                .hasMessageContaining("went away");
        assertThatThrownBy(() -> alice.privacyTokens().saveToken(bob, new byte[]{4}, Instant.ofEpochSecond(2_000)))
                .hasMessageContaining("went away");
        observed.failUses().set(false);
        observed.statements().clear();

        // the steps of the lost fan-out were never saved: the next one takes them again, and bob reads it
        fanOut(cipher, "after the failure");
        assertThat(observed.statements()).as("the sessions were read again").filteredOn("select"::equalsIgnoreCase)
                .hasSize(2);
        assertThat(alice.privacyTokens().get(bob)).hasValueSatisfying(entry ->
                assertThat(entry.token()).containsExactly(1, 2, 3));
    }

    @Test
    void clearingTheDeviceDropsWhatWasCached() throws Exception {
        fanOut(cipher(alice), "before the reset");
        alice.lidMappings().save(Jid.parse("15550002222@s.whatsapp.net"), Jid.parse("99887766@lid"));
        assertThat(alice.lidMappings().phoneOf(Jid.parse("99887766@lid"))).isPresent();
        alice.clear();
        assertThat(alice.signalStores().sessions().loadSession(phone)).isEmpty();
        assertThat(alice.lidMappings().phoneOf(Jid.parse("99887766@lid"))).isEmpty();
    }

    @Test
    void aReadRacingAWriteDoesNotCacheTheOldRow() {
        RowCache<String, String> cache = new RowCache<>(8);
        // the row is read as "old"; before the read returns, a write makes it "new"
        Optional<String> read = cache.get("k", () -> {
            cache.put("k", Optional.of("new"));
            return Optional.of("old");
        });
        assertThat(read).contains("old");
        assertThat(cache.get("k", () -> Optional.of("from the database"))).contains("new");

        cache.forget("k");
        Optional<String> raced = cache.get("k", () -> {
            cache.forget("other"); // any change while reading: the read is not kept
            return Optional.of("maybe stale");
        });
        assertThat(raced).contains("maybe stale");
        assertThat(cache.get("k", () -> Optional.of("fresh"))).contains("fresh");

        for (int i = 0; i < 20; i++) {
            cache.get("key " + i, Optional::empty);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(8);
    }

    /** Alice encrypts {@code text} for both of Bob's devices at once; each decrypts its copy. */
    private void fanOut(SessionCipher cipher, String text) throws Exception {
        Map<SignalAddress, byte[]> plaintexts = new LinkedHashMap<>();
        plaintexts.put(phone, bytes(text + " (phone)"));
        plaintexts.put(laptop, bytes(text + " (laptop)"));
        Map<SignalAddress, SessionCipher.Encrypted> out = cipher.encryptAll(plaintexts);
        assertThat(cipher(bobPhone).decrypt(aliceAddress, message(out.get(phone))))
                .isEqualTo(bytes(text + " (phone)"));
        assertThat(cipher(bobLaptop).decrypt(aliceAddress, message(out.get(laptop))))
                .isEqualTo(bytes(text + " (laptop)"));
    }

    private static PairwiseMessage message(SessionCipher.Encrypted outcome) {
        assertThat(outcome).isInstanceOf(SessionCipher.Encrypted.Done.class);
        return ((SessionCipher.Encrypted.Done) outcome).message();
    }

    private static SessionCipher cipher(DeviceStore store) {
        return new SessionCipher(store.signalStores(), new SignalLocks(4), RANDOM, IdentityChangeListener.IGNORE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
