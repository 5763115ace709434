package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.node.DeviceLeaseRepository;
import dev.wagateway.core.node.LeaseKeeper;
import dev.wagateway.core.node.LeasedSessions;
import dev.wagateway.core.node.NodeIdentity;
import dev.wagateway.core.node.NodeSettings;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device this node gives back (rebalancing) or releases (a clean stop) must already look not held here when its
 * session stops, while the lease row still names this node: every open of a session (a restore attempt, the periodic
 * recovery, a reconnect) checks {@link LeaseKeeper#holds} under the device's lock, which the stop holds, so one
 * waiting for that lock finds the device gone instead of reopening it beside its next holder (a {@code conflict} at
 * WhatsApp, as ThreeNodeScaleTest counted). The stops here are what such an open sees right after them. The
 * database is shared: the clocks are past every other test's, so no node of another test looks alive here, and each
 * node's last heartbeat is put far back at the end, so none of these looks alive to a test that runs after.
 */
class LeaseHandBackTest {

    private static final Duration TTL = Duration.ofSeconds(15);

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final DeviceLeaseRepository leases = store.deviceLeases();

    @Test
    void aDeviceGivenBackIsNoLongerHeldWhenItsSessionStopsAndItsLeaseIsReleasedAfter() {
        MutableClock clock = new MutableClock(Fixtures.now().plus(Duration.ofDays(90_000)));
        pairDevices(6);
        Seen seenA = new Seen("handback-a-" + UUID.randomUUID(), clock);
        LeaseKeeper a = keeper(seenA, clock);
        seenA.keeper = a;
        Seen seenB = new Seen("handback-b-" + UUID.randomUUID(), clock);
        LeaseKeeper b = keeper(seenB, clock);
        seenB.keeper = b;
        try {
            a.round();
            b.round(); // B registers, short of its share
            clock.advance(TTL.dividedBy(3));
            Set<UUID> before = a.heldDevices();
            a.round(); // A gives some back
            assertThat(seenA.stops).as("devices given back").isNotEmpty();
            for (Stop stop : seenA.stops) {
                assertThat(stop.heldHere()).as("held in A's view while its session stops: %s", stop).isFalse();
                assertThat(stop.leaseRowHere()).as("lease still A's while its session stops: %s", stop).isTrue();
                assertThat(before).contains(stop.deviceId());
                assertThat(a.holds(stop.deviceId())).isFalse();
                assertThat(a.leaseOf(stop.deviceId())).isEmpty();
            }
            // released: B's next round takes exactly those
            clock.advance(TTL.dividedBy(3));
            assertThat(b.round()).containsAll(seenA.stops.stream().map(Stop::deviceId).toList());
        } finally {
            a.close();
            b.close();
            retire(seenA, seenB);
        }
    }

    @Test
    void aCleanStopReleasesOnlyAfterEverySessionStoppedAndNoneIsHeldDuringTheStops() {
        MutableClock clock = new MutableClock(Fixtures.now().plus(Duration.ofDays(95_000)));
        pairDevices(3);
        Seen seen = new Seen("handback-stop-" + UUID.randomUUID(), clock);
        LeaseKeeper a = keeper(seen, clock);
        seen.keeper = a;
        a.round();
        Set<UUID> held = a.heldDevices();
        assertThat(held).hasSizeGreaterThanOrEqualTo(3);
        a.close();
        retire(seen);
        assertThat(seen.stops).extracting(Stop::deviceId).containsExactlyInAnyOrderElementsOf(held);
        assertThat(seen.stops).allSatisfy(stop -> {
            assertThat(stop.heldHere()).as("held while stopping: %s", stop).isFalse();
            assertThat(stop.leaseRowHere()).as("released before its session stopped: %s", stop).isTrue();
        });
        assertThat(held).allSatisfy(id -> assertThat(leases.holder(id, clock.instant())).isEmpty());
    }

    /** Moves the nodes' heartbeats far back: later tests, on earlier clocks, must not count them alive. */
    private void retire(Seen... nodes) {
        for (Seen node : nodes) {
            leases.heartbeat(identity(node), Fixtures.now().minus(Duration.ofDays(3650)));
        }
    }

    private static NodeIdentity identity(Seen node) {
        return new NodeIdentity(node.nodeId, "http://127.0.0.1:1", 1_000_000);
    }

    private void pairDevices(int count) {
        for (int i = 0; i < count; i++) {
            Device device = Fixtures.storedDevice(store);
            store.devices().recordPaired(device.id(), "1557" + Math.abs(device.id().getLeastSignificantBits()
                    % 1_000_000_000L) + "@s.whatsapp.net", Fixtures.now());
        }
    }

    private LeaseKeeper keeper(Seen sessions, MutableClock clock) {
        return new LeaseKeeper(new NodeSettings(identity(sessions), TTL, true), leases, sessions, deviceId -> true,
                clock);
    }

    /** What an open racing the stop would see: the keeper's view, and the lease row. */
    private record Stop(UUID deviceId, boolean heldHere, boolean leaseRowHere) {
    }

    private final class Seen implements LeasedSessions {
        final String nodeId;
        final MutableClock clock;
        final List<Stop> stops = new CopyOnWriteArrayList<>();
        LeaseKeeper keeper;

        Seen(String nodeId, MutableClock clock) {
            this.nodeId = nodeId;
            this.clock = clock;
        }

        @Override
        public void start(Set<UUID> deviceIds) {
            // the rounds are run by the test
        }

        @Override
        public void stop(UUID deviceId) {
            boolean rowHere = leases.holder(deviceId, clock.instant())
                    .map(lease -> lease.nodeId().equals(nodeId)).orElse(false);
            stops.add(new Stop(deviceId, keeper.holds(deviceId), rowHere));
        }

        @Override
        public void handBack(List<UUID> deviceIds, Duration drain) {
            deviceIds.forEach(this::stop); // nothing in flight here: the stops are what is checked
        }
    }
}
