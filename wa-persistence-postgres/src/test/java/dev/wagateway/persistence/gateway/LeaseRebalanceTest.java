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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebalancing on join, with two lease keepers over one PostgreSQL sharing one clock: A holds every device; B joins
 * holding none. Round after round A gives back at most a few devices, each session stopped while A still held its
 * lease, and B claims them and starts their sessions, until the two differ by at most one; then nothing moves. No
 * device is ever leased to both, and each device is announced to its new node's sessions before it counts as held
 * there. The database is shared with other tests: the devices counted are every leasable one.
 */
class LeaseRebalanceTest {

    private static final Duration TTL = Duration.ofSeconds(15);
    private static final int SHED_PER_ROUND = 3;

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final DeviceLeaseRepository leases = store.deviceLeases();

    @Test
    void aJoiningNodeGetsItsShareAFewDevicesARoundStoppedBeforeReleased() {
        // far ahead of every lease other tests left, so A's first round takes every device
        MutableClock clock = new MutableClock(Fixtures.now().plus(Duration.ofDays(60_000)));
        for (int i = 0; i < 8; i++) {
            Device device = Fixtures.storedDevice(store);
            store.devices().recordPaired(device.id(), "1556" + Math.abs(device.id().getLeastSignificantBits()
                    % 1_000_000_000L) + "@s.whatsapp.net", Fixtures.now());
        }
        String idA = "rebalance-a-" + UUID.randomUUID();
        String idB = "rebalance-b-" + UUID.randomUUID();
        Recorded sessionsA = new Recorded(idA, clock);
        Recorded sessionsB = new Recorded(idB, clock);
        LeaseKeeper a = keeper(idA, sessionsA, clock);
        LeaseKeeper b = keeper(idB, sessionsB, clock);
        sessionsA.keeper = a;
        sessionsB.keeper = b;
        try {
            a.round();
            int total = leases.countLeasable();
            assertThat(a.heldDevices()).hasSize(total).hasSizeGreaterThanOrEqualTo(8);
            assertThat(sessionsA.announced).as("each device announced to the sessions before it counted as held")
                    .containsExactlyInAnyOrderElementsOf(a.heldDevices());

            assertThat(b.round()).isEmpty(); // B registers; nothing is free to claim yet
            Set<UUID> gainedByB = new HashSet<>();
            int rounds = 0;
            while (Math.abs(a.heldDevices().size() - b.heldDevices().size()) > 1) {
                assertThat(rounds++).as("rounds to balance %d devices", total).isLessThan(total);
                clock.advance(TTL.dividedBy(3));
                int before = a.heldDevices().size();
                a.round();
                assertThat(before - a.heldDevices().size()).as("released in one round").isBetween(0, SHED_PER_ROUND);
                gainedByB.addAll(b.round()); // the devices whose sessions B's loop would start
                assertThat(disjoint(a.heldDevices(), b.heldDevices())).isTrue();
            }
            assertThat(a.heldDevices().size() + b.heldDevices().size()).isEqualTo(total);
            assertThat(sessionsA.misordered).as("sessions stopped after their lease was released").isEmpty();
            assertThat(gainedByB).isEqualTo(new HashSet<>(sessionsA.stopped)).isEqualTo(b.heldDevices());
            assertThat(sessionsB.announced).containsExactlyInAnyOrderElementsOf(gainedByB);
            assertThat(sessionsA.announcedWhileHeld).isEmpty();
            assertThat(sessionsB.announcedWhileHeld).isEmpty();

            // balanced: further rounds move nothing
            Set<UUID> heldByA = a.heldDevices();
            for (int i = 0; i < 3; i++) {
                clock.advance(TTL.dividedBy(3));
                a.round();
                b.round();
            }
            assertThat(a.heldDevices()).isEqualTo(heldByA);
        } finally {
            a.close();
            b.close();
        }
    }

    private static boolean disjoint(Set<UUID> one, Set<UUID> other) {
        Set<UUID> both = new HashSet<>(one);
        both.retainAll(other);
        return both.isEmpty();
    }

    private LeaseKeeper keeper(String id, LeasedSessions sessions, MutableClock clock) {
        return new LeaseKeeper(new NodeSettings(new NodeIdentity(id, "http://127.0.0.1:1", 1_000_000), TTL, true),
                leases, sessions, deviceId -> true, clock);
    }

    /** The sessions of one node; a stop checks that the node still holds the device's lease at that moment. */
    private final class Recorded implements LeasedSessions {
        final String nodeId;
        final MutableClock clock;
        final List<UUID> stopped = new CopyOnWriteArrayList<>();
        final List<UUID> misordered = new ArrayList<>();
        /** Devices announced as starting, and those among them the keeper already counted as held then. */
        final List<UUID> announced = new CopyOnWriteArrayList<>();
        final List<UUID> announcedWhileHeld = new CopyOnWriteArrayList<>();
        LeaseKeeper keeper;

        Recorded(String nodeId, MutableClock clock) {
            this.nodeId = nodeId;
            this.clock = clock;
        }

        @Override
        public void start(Set<UUID> deviceIds) {
            // the keeper's loop starts sessions; this test runs the rounds itself
        }

        @Override
        public void starting(Set<UUID> deviceIds) {
            announced.addAll(deviceIds);
            deviceIds.stream().filter(keeper::holds).forEach(announcedWhileHeld::add);
        }

        @Override
        public void stop(UUID deviceId) {
            Instant now = clock.instant();
            if (leases.holder(deviceId, now).map(lease -> !lease.nodeId().equals(nodeId)).orElse(true)) {
                misordered.add(deviceId);
            }
            stopped.add(deviceId);
        }

        @Override
        public void handBack(List<UUID> deviceIds, Duration drain) {
            deviceIds.forEach(this::stop); // nothing in flight here: the stops are what is checked
        }
    }
}
