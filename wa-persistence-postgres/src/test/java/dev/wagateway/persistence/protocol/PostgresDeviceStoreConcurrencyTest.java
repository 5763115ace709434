package dev.wagateway.persistence.protocol;

import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.PreKeyCounters;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many sessions writing their protocol state at once, each through its own store object, as a gateway with many
 * devices does: nothing is lost, nothing leaks between devices, and clearing one device leaves the others whole.
 */
class PostgresDeviceStoreConcurrencyTest {

    private static final PostgresDatabase database = TestDatabase.get();

    @Test
    void manyDevicesWriteTheirStateAtOnce() throws Exception {
        SecureRandom random = SecureRandoms.create();
        List<String> keys = new ArrayList<>();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            String key = "concurrent-" + UUID.randomUUID();
            keys.add(key);
            writers.add(() -> {
                PostgresDeviceStore store = new PostgresDeviceStore(database.jdbi(), key);
                store.saveCredentials(DeviceCredentials.generate(random, System.currentTimeMillis()));
                for (int i = 1; i <= 30; i++) {
                    store.signalStores().preKeys().storePreKey(new PreKey(i, Curve25519.generateKeyPair(random)));
                    store.signalStores().identities().saveIdentity(new SignalAddress("peer" + i, 0),
                            new IdentityKey(Curve25519.generateKeyPair(random).publicKey()));
                }
                store.savePreKeyCounters(new PreKeyCounters(31, 31));
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        }
        for (String key : keys) {
            PostgresDeviceStore reopened = new PostgresDeviceStore(database.jdbi(), key);
            assertThat(reopened.credentials()).isPresent();
            assertThat(reopened.preKeyCounters()).isEqualTo(new PreKeyCounters(31, 31));
            for (int i = 1; i <= 30; i++) {
                assertThat(reopened.signalStores().preKeys().containsPreKey(i)).isTrue();
                assertThat(reopened.signalStores().identities().identity(new SignalAddress("peer" + i, 0))).isPresent();
            }
        }
        new PostgresDeviceStore(database.jdbi(), keys.getFirst()).clear();
        assertThat(new PostgresDeviceStore(database.jdbi(), keys.getFirst()).credentials()).isEmpty();
        assertThat(new PostgresDeviceStore(database.jdbi(), keys.get(1)).signalStores().preKeys().containsPreKey(1))
                .isTrue();
    }
}
