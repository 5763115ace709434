package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.node.DeviceLease;
import dev.wagateway.core.node.DeviceLeaseRepository;
import dev.wagateway.core.node.NodeIdentity;
import dev.wagateway.core.node.NodeStatus;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device leases against a real PostgreSQL: claims never give one device to two nodes, a lease changes hands only
 * once expired or released and its epoch grows each time, and only devices that can run are leased. The database is
 * shared with other tests, so every assertion looks only at this test's devices (claims take every claimable one).
 */
class DeviceLeaseRepositoryTest {

    private static final Duration TTL = Duration.ofSeconds(15);
    private static final int ALL = 100_000;

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final DeviceLeaseRepository leases = store.deviceLeases();

    @Test
    void concurrentClaimsNeverLeaseADeviceTwice() throws Exception {
        // far in the future, so that every lease other tests left behind has expired and this test's claims win
        Instant now = Fixtures.now().plus(Duration.ofDays(3650));
        List<UUID> mine = pairedDevices(24);
        List<Callable<List<DeviceLease>>> nodes = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            String node = "node-" + n + "-" + UUID.randomUUID();
            nodes.add(() -> {
                List<DeviceLease> taken = new ArrayList<>();
                List<DeviceLease> batch;
                do {
                    batch = leases.claim(node, 3, now, now.plus(TTL));
                    taken.addAll(batch);
                } while (!batch.isEmpty());
                return taken;
            });
        }
        List<DeviceLease> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<List<DeviceLease>> result : pool.invokeAll(nodes)) {
                all.addAll(result.get());
            }
        }
        List<UUID> leasedOfMine = all.stream().map(DeviceLease::deviceId).filter(mine::contains).toList();
        assertThat(leasedOfMine).hasSize(mine.size()).doesNotHaveDuplicates();
        assertThat(all.stream().map(DeviceLease::deviceId).toList()).doesNotHaveDuplicates();
        for (UUID device : mine) {
            DeviceLease holder = leases.holder(device, now).orElseThrow();
            assertThat(all).contains(holder);
        }
    }

    @Test
    void aLeaseChangesHandsOnlyWhenExpiredOrReleasedAndItsEpochGrows() {
        Instant now = Fixtures.now().plus(Duration.ofDays(7300));
        UUID device = pairedDevices(1).getFirst();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();

        DeviceLease taken = only(device, leases.claim(first, ALL, now, now.plus(TTL)));
        assertThat(taken.nodeId()).isEqualTo(first);
        long epoch = taken.epoch();
        // held: the other node cannot take it, and renewing keeps it
        assertThat(leases.claim(second, ALL, now.plusSeconds(5), now.plusSeconds(5).plus(TTL)))
                .extracting(DeviceLease::deviceId).doesNotContain(device);
        assertThat(leases.renew(first, now.plusSeconds(10), now.plusSeconds(10).plus(TTL)))
                .extracting(DeviceLease::deviceId).contains(device);
        assertThat(leases.claim(second, ALL, now.plusSeconds(20), now.plusSeconds(20).plus(TTL)))
                .extracting(DeviceLease::deviceId).doesNotContain(device);

        // the holder stops renewing (dead, paused): after expiry the other node takes it with the next epoch,
        // and the old holder's renewal no longer returns it
        Instant later = now.plusSeconds(10).plus(TTL).plusSeconds(1);
        DeviceLease takenOver = only(device, leases.claim(second, ALL, later, later.plus(TTL)));
        assertThat(takenOver.nodeId()).isEqualTo(second);
        assertThat(takenOver.epoch()).isEqualTo(epoch + 1);
        assertThat(leases.renew(first, later, later.plus(TTL))).extracting(DeviceLease::deviceId)
                .doesNotContain(device);
        assertThat(leases.holder(device, later)).contains(takenOver);

        // a clean shutdown releases it: taken at once, before its expiry, with the next epoch again
        leases.release(second, List.of(device));
        assertThat(leases.holder(device, later)).isEmpty();
        DeviceLease afterRelease = only(device, leases.claim(first, ALL, later, later.plus(TTL)));
        assertThat(afterRelease.epoch()).isEqualTo(epoch + 2);
    }

    @Test
    void onlyDevicesThatCanRunAreLeasedAndNodesAreListedWithWhatTheyHold() {
        Instant now = Fixtures.now().plus(Duration.ofDays(10950));
        UUID paired = pairedDevices(1).getFirst();
        UUID loggedOut = pairedDevices(1).getFirst();
        store.devices().updateStatus(loggedOut, DeviceStatus.LOGGED_OUT, now);
        Device unpaired = Fixtures.storedDevice(store);
        NodeIdentity node = new NodeIdentity("node-" + UUID.randomUUID(), "http://127.0.0.1:7001", 500);
        leases.heartbeat(node, now);

        Set<UUID> taken = new HashSet<>(leases.claim(node.nodeId(), ALL, now, now.plus(TTL)).stream()
                .map(DeviceLease::deviceId).toList());
        assertThat(taken).contains(paired).doesNotContain(loggedOut, unpaired.id());
        NodeStatus listed = leases.nodes(now.minusSeconds(1), now).stream()
                .filter(status -> status.identity().equals(node)).findFirst().orElseThrow();
        assertThat(listed.devicesHeld()).isEqualTo(taken.size());
        assertThat(listed.heartbeatAt()).isEqualTo(now);
        assertThat(leases.nodes(now.plusSeconds(1), now)).extracting(NodeStatus::identity).doesNotContain(node);
    }

    private static DeviceLease only(UUID device, List<DeviceLease> claimed) {
        return claimed.stream().filter(lease -> lease.deviceId().equals(device)).findFirst()
                .orElseThrow(() -> new AssertionError("device " + device + " was not claimed"));
    }

    private List<UUID> pairedDevices(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Device device = Fixtures.storedDevice(store);
            String phone = "1555" + Math.abs(device.id().getLeastSignificantBits() % 1_000_000_000L);
            store.devices().recordPaired(device.id(), phone + "@s.whatsapp.net", Fixtures.now());
            ids.add(device.id());
        }
        return ids;
    }
}
