package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.node.DeviceLease;
import dev.wagateway.core.node.DeviceLeaseRepository;
import dev.wagateway.persistence.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row locks of the lease fence, on a real PostgreSQL: a store transaction under way (the fence's own statement,
 * {@link LeaseFencedStores#FENCE}, its transaction left open) does not hold up its node's renewal of the lease, which
 * every few seconds updates the expiry of all the node's leases at once; a take-over by another node, by acquire or
 * by claim, waits for it and only then moves the epoch; and a take-over neither skips nor waits for a device whose
 * holder is inside a write that merely references the device's row.
 */
class LeaseFenceLocksTest {

    private static final Duration TTL = Duration.ofSeconds(15);
    /** Long enough for a take-over that did not wait to have returned; one that waits is still waiting. */
    private static final long BLOCKED_MILLIS = 1_500;

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    private final DeviceLeaseRepository leases = store.deviceLeases();

    @Test
    void theRenewalPassesAStoreTransactionUnderWayAndAnAcquireWaitsForIt() throws Exception {
        takeOverWaitsForTheStoreTransaction((node, device, late) -> leases.acquire(node, device, late,
                late.plus(TTL)).map(List::of).orElse(List.of()));
    }

    @Test
    void aClaimWaitsForAStoreTransactionUnderWay() throws Exception {
        // every other test's lease has expired that far ahead: the claim may take those devices too
        takeOverWaitsForTheStoreTransaction((node, device, late) -> leases.claim(node, 1_000_000, late,
                late.plus(TTL)));
    }

    @Test
    void aClaimTakesADeviceWhoseHolderFrozeInsideAWriteThatReferencesIt() throws Exception {
        takeOverPassesAWriteUnderWay((node, device, late) -> leases.claim(node, 1_000_000, late, late.plus(TTL)));
    }

    @Test
    void anAcquireTakesADeviceWhoseHolderFrozeInsideAWriteThatReferencesIt() throws Exception {
        takeOverPassesAWriteUnderWay((node, device, late) -> leases.acquire(node, device, late, late.plus(TTL))
                .map(List::of).orElse(List.of()));
    }

    /**
     * The holder's transaction left open after a write referencing the device (a message, an event: the foreign
     * key's check key-share-locks the device's row), as when its node freezes inside it: the lease, once expired, is
     * taken over at once; the take-over must neither skip the device nor wait for the frozen node.
     */
    private void takeOverPassesAWriteUnderWay(TakeOver takeOver) throws Exception {
        Instant start = Fixtures.now().plus(Duration.ofDays(46_000));
        Held leased = leasedDevice("write", start);
        Device device = leased.device();
        String nodeB = leased.otherNode();
        DeviceLease held = leased.held();

        try (Handle write = TestDatabase.get().jdbi().open()) {
            write.begin();
            // the lock a foreign key's check takes on the referenced row
            assertThat(write.createQuery("select 1 from devices where device_id = :id for key share")
                    .bind("id", device.id()).mapTo(Integer.class).findOne()).isPresent();

            Instant late = start.plus(TTL).plusSeconds(5);
            List<DeviceLease> taken = CompletableFuture.supplyAsync(() -> takeOver.apply(nodeB, device.id(), late))
                    .get(20, TimeUnit.SECONDS);

            assertThat(taken).filteredOn(lease -> lease.deviceId().equals(device.id())).singleElement()
                    .satisfies(lease -> {
                        assertThat(lease.nodeId()).isEqualTo(nodeB);
                        assertThat(lease.epoch()).isEqualTo(held.epoch() + 1);
                    });
            write.rollback();
        }
    }

    private void takeOverWaitsForTheStoreTransaction(TakeOver takeOver) throws Exception {
        Instant start = Fixtures.now().plus(Duration.ofDays(45_000));
        Held leased = leasedDevice("locks", start);
        Device device = leased.device();
        String nodeA = leased.held().nodeId();
        String nodeB = leased.otherNode();
        DeviceLease held = leased.held();

        try (Handle storeTransaction = TestDatabase.get().jdbi().open()) {
            storeTransaction.begin();
            assertThat(storeTransaction.createQuery(LeaseFencedStores.FENCE).bind("idle", "60000")
                    .bind("id", device.id()).bind("node", nodeA).bind("epoch", held.epoch())
                    .mapTo(Integer.class).findOne()).isPresent();

            Instant renewedAt = start.plusSeconds(1);
            List<DeviceLease> renewed = CompletableFuture.supplyAsync(() ->
                    leases.renew(nodeA, renewedAt, renewedAt.plus(TTL))).get(20, TimeUnit.SECONDS);
            assertThat(renewed).extracting(DeviceLease::deviceId).contains(device.id());

            Instant late = renewedAt.plus(TTL).plusSeconds(5);
            CompletableFuture<List<DeviceLease>> taking = CompletableFuture.supplyAsync(() ->
                    takeOver.apply(nodeB, device.id(), late));
            Thread.sleep(BLOCKED_MILLIS);
            assertThat(taking).as("the take-over waits for the store transaction under way").isNotDone();

            storeTransaction.commit();
            List<DeviceLease> taken = taking.get(20, TimeUnit.SECONDS);
            assertThat(taken).filteredOn(lease -> lease.deviceId().equals(device.id())).singleElement()
                    .satisfies(lease -> {
                        assertThat(lease.nodeId()).isEqualTo(nodeB);
                        assertThat(lease.epoch()).isEqualTo(held.epoch() + 1);
                    });
        }
        // the old holder's next store transaction finds its epoch over
        try (Handle late = TestDatabase.get().jdbi().open()) {
            Optional<Integer> fenced = late.inTransaction(tx -> tx.createQuery(LeaseFencedStores.FENCE)
                    .bind("idle", "60000").bind("id", device.id()).bind("node", nodeA).bind("epoch", held.epoch())
                    .mapTo(Integer.class).findOne());
            assertThat(fenced).isEmpty();
        }
    }

    /** A paired device leased from {@code start} by a node named after {@code prefix}, and another node's name. */
    private Held leasedDevice(String prefix, Instant start) {
        Device device = Fixtures.storedDevice(store);
        store.devices().recordPaired(device.id(), "1555" + Math.abs(device.id().getLeastSignificantBits()
                % 1_000_000_000L) + "@s.whatsapp.net", Fixtures.now());
        String holder = prefix + "-a-" + UUID.randomUUID();
        DeviceLease held = leases.acquire(holder, device.id(), start, start.plus(TTL)).orElseThrow();
        return new Held(device, held, prefix + "-b-" + UUID.randomUUID());
    }

    private record Held(Device device, DeviceLease held, String otherNode) {
    }

    @FunctionalInterface
    private interface TakeOver {
        List<DeviceLease> apply(String node, UUID deviceId, Instant at);
    }
}
