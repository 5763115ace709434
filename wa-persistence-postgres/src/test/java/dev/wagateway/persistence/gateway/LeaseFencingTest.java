package dev.wagateway.persistence.gateway;

import dev.wagateway.core.device.Device;
import dev.wagateway.core.node.LeaseKeeper;
import dev.wagateway.core.node.LeasedSessions;
import dev.wagateway.core.node.NodeIdentity;
import dev.wagateway.core.node.NodeSettings;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PreKeyCounters;
import dev.wagateway.protocol.store.StoreFencedException;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.IdentityChangeListener;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two lease keepers in one JVM over one PostgreSQL, each with a clock of its own: node A holds a device and writes
 * its protocol state; A "pauses" (its clock stands still) while B's clock passes A's lease expiry and B takes the
 * device over. When A wakes, still believing it holds the device, every access of its fenced store fails before
 * writing anything, and A's next round finds the lease lost and stops the session at once.
 */
class LeaseFencingTest {

    private static final Duration TTL = Duration.ofSeconds(15);

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());

    @Test
    void aNodeThatLostItsLeaseWritesNothingAndStopsTheSession() {
        // far ahead of every lease other tests left, so both keepers see them expired
        Instant start = Fixtures.now().plus(Duration.ofDays(40_000));
        Device device = Fixtures.storedDevice(store);
        store.devices().recordPaired(device.id(), "1555" + Math.abs(device.id().getLeastSignificantBits()
                % 1_000_000_000L) + "@s.whatsapp.net", Fixtures.now());
        MutableClock clockA = new MutableClock(start);
        MutableClock clockB = new MutableClock(start);
        Recorded sessionsA = new Recorded();
        Recorded sessionsB = new Recorded();
        LeaseKeeper a = keeper("fence-a-" + UUID.randomUUID(), sessionsA, clockA);
        LeaseKeeper b = keeper("fence-b-" + UUID.randomUUID(), sessionsB, clockB);

        assertThat(a.round()).contains(device.id());
        assertThat(a.holds(device.id())).isTrue();
        DeviceStore storeOfA = store.fencedProtocolStores(a::leaseOf, Duration.ofSeconds(5)).open(device.id());
        storeOfA.savePreKeyCounters(new PreKeyCounters(5, 1));

        // A pauses; B's time passes A's lease expiry, and B takes the device over with the next epoch
        clockB.set(start.plus(TTL).plusSeconds(1));
        assertThat(b.round()).contains(device.id());
        long epochOfA = a.leaseOf(device.id()).orElseThrow().epoch();
        assertThat(b.leaseOf(device.id()).orElseThrow().epoch()).isEqualTo(epochOfA + 1);

        // A wakes one second later in its own view: its store refuses both writes and reads, writing nothing
        clockA.set(start.plusSeconds(1));
        assertThatThrownBy(() -> storeOfA.savePreKeyCounters(new PreKeyCounters(9, 9)))
                .isInstanceOf(StoreFencedException.class);
        assertThatThrownBy(storeOfA::preKeyCounters).isInstanceOf(StoreFencedException.class);
        DeviceStore storeOfB = store.fencedProtocolStores(b::leaseOf, Duration.ofSeconds(5)).open(device.id());
        assertThat(storeOfB.preKeyCounters()).isEqualTo(new PreKeyCounters(5, 1));

        // A's next round: the renewal does not return the device, so its session stops at once
        assertThat(sessionsA.stopped).isEmpty();
        a.round();
        assertThat(sessionsA.stopped).contains(device.id());
        assertThat(a.holds(device.id())).isFalse();
        assertThat(a.route(device.id())).isNotNull();

        // B's clean stop stops its sessions, then releases the leases: A may take the device at once
        b.close();
        assertThat(sessionsB.stopped).contains(device.id());
        assertThat(a.acquire(device.id())).isTrue();
        assertThat(a.leaseOf(device.id()).orElseThrow().epoch()).isEqualTo(epochOfA + 2);
        a.close();
    }

    @Test
    void aNodeThatLostItsLeaseCannotSendWithWhatItCached() throws Exception {
        // a day before the other test's time, so that neither test's nodes look alive to the other's; the device is
        // never paired, so no other keeper's round claims it, and both nodes take it with acquire (as a login does)
        Instant start = Fixtures.now().plus(Duration.ofDays(39_999));
        Device device = Fixtures.storedDevice(store);
        MutableClock clockA = new MutableClock(start);
        MutableClock clockB = new MutableClock(start);
        LeaseKeeper a = keeper("cache-a-" + UUID.randomUUID(), new Recorded(), clockA);
        LeaseKeeper b = keeper("cache-b-" + UUID.randomUUID(), new Recorded(), clockB);
        assertThat(a.acquire(device.id())).isTrue();
        SecureRandom random = SecureRandoms.create();
        DeviceStore storeOfA = store.fencedProtocolStores(a::leaseOf, Duration.ofSeconds(5)).open(device.id());
        storeOfA.saveCredentials(DeviceCredentials.generate(random, System.currentTimeMillis()));
        DeviceStore peer = new InMemoryDeviceStore();
        peer.saveCredentials(DeviceCredentials.generate(random, System.currentTimeMillis()));
        SignalAddress peerAddress = new SignalAddress("15550003333", 0);
        DeviceCredentials peerKeys = peer.credentials().orElseThrow();
        new SessionBuilder(storeOfA.signalStores(), new SignalLocks(4), random, IdentityChangeListener.IGNORE)
                .process(peerAddress, new PreKeyBundle(peerKeys.registrationId(),
                        peerKeys.identityKeyPair().publicKey(), new PreKeyBundle.SignedPreKeyPublic(
                        peerKeys.signedPreKey().id(), peerKeys.signedPreKey().keyPair().publicKey(),
                        peerKeys.signedPreKey().signature()), Optional.empty()));
        SessionCipher cipherOfA = new SessionCipher(storeOfA.signalStores(), new SignalLocks(4), random,
                IdentityChangeListener.IGNORE);
        cipherOfA.encryptAll(Map.of(peerAddress, "sent while holding".getBytes(StandardCharsets.UTF_8)));
        byte[] committed = storeOfA.signalStores().sessions().loadSession(peerAddress).orElseThrow().serialize();

        clockB.set(start.plus(TTL).plusSeconds(1));
        assertThat(b.acquire(device.id())).isTrue();
        assertThat(b.leaseOf(device.id()).orElseThrow().epoch())
                .isEqualTo(a.leaseOf(device.id()).orElseThrow().epoch() + 1);

        // A still has the session in memory, but the ratchet step it would take cannot be saved: nothing to send
        clockA.set(start.plusSeconds(1));
        assertThatThrownBy(() -> cipherOfA.encryptAll(Map.of(peerAddress,
                "sent after the take-over".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(StoreFencedException.class);
        DeviceStore storeOfB = store.fencedProtocolStores(b::leaseOf, Duration.ofSeconds(5)).open(device.id());
        assertThat(storeOfB.signalStores().sessions().loadSession(peerAddress).orElseThrow().serialize())
                .isEqualTo(committed);
        a.close();
        b.close();
    }

    private LeaseKeeper keeper(String id, LeasedSessions sessions, Clock clock) {
        return new LeaseKeeper(new NodeSettings(new NodeIdentity(id, "http://127.0.0.1:1", 1_000_000), TTL, true),
                store.deviceLeases(), sessions, deviceId -> true, clock);
    }

    private static final class Recorded implements LeasedSessions {
        final List<UUID> started = new CopyOnWriteArrayList<>();
        final List<UUID> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void start(Set<UUID> deviceIds) {
            started.addAll(deviceIds);
        }

        @Override
        public void stop(UUID deviceId) {
            stopped.add(deviceId);
        }

        @Override
        public void handBack(List<UUID> deviceIds, Duration drain) {
            deviceIds.forEach(this::stop); // nothing in flight here: the stops are what is checked
        }
    }
}
