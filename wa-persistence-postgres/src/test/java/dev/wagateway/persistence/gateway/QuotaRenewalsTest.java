package dev.wagateway.persistence.gateway;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.quota.SendQuota;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many keys reserving their next block at the same moment, on two nodes at once (two {@link SendQuota}s over one
 * PostgreSQL): the reservations share transactions, each send still gets its own key's block, and the blocks
 * settle at shutdown at what each node really made of them.
 */
class QuotaRenewalsTest {

    private static final int KEYS = 24;

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final MutableClock clock = new MutableClock(Fixtures.now());

    @Test
    void keysRenewingTogetherEachGetTheirOwnBlockAndSettleItAtShutdown() throws Exception {
        List<ApiKey> keys = new ArrayList<>();
        List<UUID[]> devices = new ArrayList<>(); // each key's device on node A, then on node B
        for (int i = 0; i < KEYS; i++) {
            ApiKey key = Fixtures.apiKey(store, 2); // limit 1000 an hour: blocks of 10
            keys.add(key);
            devices.add(new UUID[] {device(key), device(key)});
        }
        SendQuota nodeA = new SendQuota(store.sendQuotas(), clock);
        SendQuota nodeB = new SendQuota(store.sendQuotas(), clock);
        for (UUID[] pair : devices) {
            nodeA.admit(pair[0]); // each node learns each key: a reservation of one, exact
            nodeB.admit(pair[1]);
        }

        // the sends arrive in no particular key order, as they do from many customers
        List<UUID[]> shuffled = new ArrayList<>(devices);
        Collections.shuffle(shuffled, new Random(7));
        try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (UUID[] pair : shuffled) {
                all.add(sends.submit(() -> nodeA.admit(pair[0])));
                all.add(sends.submit(() -> nodeB.admit(pair[1])));
            }
            for (Future<?> send : all) {
                send.get(); // rethrows a refused or failed send
            }
        }
        for (ApiKey key : keys) {
            assertThat(counted(key)).as("key %d: each node's exact first send and its own block of ten", key.id())
                    .containsExactly(1, 1, 10, 10);
        }

        // each key uses a different share of node A's block: a block handed to the wrong key would settle wrong
        for (int i = 0; i < KEYS; i++) {
            for (int more = 0; more < i % 4; more++) {
                nodeA.admit(devices.get(i)[0]);
            }
        }
        nodeA.close();
        nodeB.close();
        for (int i = 0; i < KEYS; i++) {
            assertThat(counted(keys.get(i))).as("key %d: each block settled at the sends its node made of it", i)
                    .containsExactly(1, 1, 1, 1 + i % 4);
        }
    }

    /** The sends each of the key's reservations counts now, smallest first. */
    private static List<Integer> counted(ApiKey key) {
        return TestDatabase.get().jdbi().withHandle(h -> h.createQuery(
                        "select sends from wa_api_key_sends where api_key_id = :key order by sends, id")
                .bind("key", key.id()).mapTo(Integer.class).list());
    }

    private UUID device(ApiKey key) {
        Device device = Fixtures.device(key.id());
        assertThat(store.devices().insertWithinLimit(device, 10)).isTrue();
        return device.id();
    }
}
