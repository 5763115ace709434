package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Signal state is kept (finding 5 of issue 14): under the LID address once the phone-number ↔ LID pairing is
 * known, a session (and identity) held under the phone-number address moving there, as whatsmeow's
 * {@code MigratePNToLID} and Baileys' {@code migrateSession} do.
 */
class LidAddressingTest {

    private static final Jid PHONE = Jid.user("15550001234");
    private static final Jid LID = Jid.parse("123456789012345@lid");

    private final InMemoryDeviceStore store = new InMemoryDeviceStore();
    private final LidAddressing addressing = new LidAddressing(store, store.lidMappings(), new SignalLocks(4));

    LidAddressingTest() {
        store.saveCredentials(DeviceCredentials.generate(SecureRandoms.create(), 0));
    }

    @Test
    void withoutAPairingTheAddressIsThePhoneNumbers() {
        assertThat(addressing.address(PHONE.withDevice(2))).isEqualTo(new SignalAddress("15550001234", 2));
        assertThat(addressing.phoneDevice(LID.withDevice(2))).isEqualTo(LID.withDevice(2));
    }

    @Test
    void aSessionHeldUnderThePhoneNumberMovesToTheLidOnceThePairingIsKnown() throws Exception {
        SignalStores stores = store.signalStores();
        SignalAddress pn = new SignalAddress("15550001234", 2);
        SignalAddress lid = new SignalAddress("123456789012345_1", 2);
        IdentityKey identity = IdentityKey.decode(Curve25519.withTypePrefix(
                Curve25519.generateKeyPair(SecureRandoms.create()).publicKey()));
        stores.sessions().storeSession(pn, new SessionRecord());
        stores.identities().saveIdentity(pn, identity);

        // the pairing arrives with a message from the LID (sender_pn)
        addressing.learnFrom(Node.builder("message").attribute("from", LID).attribute("sender_pn", PHONE).build());

        assertThat(store.lidMappings().lidOf(PHONE)).contains(LID);
        assertThat(addressing.address(PHONE.withDevice(2))).isEqualTo(lid);
        assertThat(addressing.address(LID.withDevice(2))).isEqualTo(lid);
        assertThat(stores.sessions().loadSession(lid)).isPresent();
        assertThat(stores.sessions().loadSession(pn)).isEmpty();
        assertThat(stores.identities().identity(lid)).contains(identity);
        assertThat(addressing.phoneDevice(LID.withDevice(2))).isEqualTo(PHONE.withDevice(2));
    }

    @Test
    void aStanzaFromTheLidFindsTheSessionOpenedUnderTheNumber() {
        SignalStores stores = store.signalStores();
        SignalAddress pn = new SignalAddress("15550001234", 3);
        stores.sessions().storeSession(pn, new SessionRecord());
        addressing.learnFrom(Node.builder("message").attribute("from", Jid.parse("120363000000000001@g.us"))
                .attribute("participant", LID.withDevice(3)).attribute("participant_pn", PHONE).build());

        SignalAddress lid = addressing.address(LID.withDevice(3));
        assertThat(lid).isEqualTo(new SignalAddress("123456789012345_1", 3));
        assertThat(stores.sessions().loadSession(lid)).isPresent();
        assertThat(stores.sessions().loadSession(pn)).isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: the old code waited for ever
    void aSendDoesNotWaitForTheNumbersLockWhenNothingIsKeptUnderTheNumber() throws Exception {
        SignalLocks locks = new SignalLocks(4);
        LidAddressing shared = new LidAddressing(store, store.lidMappings(), locks);
        SignalAddress pn = new SignalAddress("15550001234", 4);
        SignalAddress lid = new SignalAddress("123456789012345_1", 4);
        store.signalStores().sessions().storeSession(lid, new SessionRecord());
        shared.learn(PHONE, LID);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // another send holds the number's stripe (as encryptAll holds a stripe it shares across its commit)
        Thread holder = Thread.ofVirtual().start(() -> {
            try (SignalLocks.Held ignored = locks.hold(pn)) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        try {
            assertThat(shared.address(PHONE.withDevice(4))).isEqualTo(lid);
        } finally {
            release.countDown();
            holder.join();
        }
        // with something under the number it is still moved, under the locks
        store.signalStores().sessions().storeSession(pn, new SessionRecord());
        assertThat(shared.address(PHONE.withDevice(4))).isEqualTo(lid);
        assertThat(store.signalStores().sessions().loadSession(pn)).isEmpty();
    }

    @Test
    void aSessionAlreadyUnderTheLidIsNotOverwritten() {
        SignalStores stores = store.signalStores();
        SignalAddress pn = new SignalAddress("15550001234", 0);
        SignalAddress lid = new SignalAddress("123456789012345_1", 0);
        SessionRecord current = new SessionRecord();
        stores.sessions().storeSession(lid, current);
        stores.sessions().storeSession(pn, new SessionRecord());
        addressing.learn(PHONE, LID);

        assertThat(addressing.address(PHONE)).isEqualTo(lid);
        assertThat(stores.sessions().loadSession(pn)).as("the stale one is dropped").isEmpty();
        assertThat(stores.sessions().loadSession(lid)).isPresent();
    }

    @Test
    void aSenderKeyReceivedUnderTheNumberIsFoundUnderTheLidOnceThePairingIsKnown() throws Exception {
        String group = "120363000000000009@g.us";
        java.security.SecureRandom random = SecureRandoms.create();
        // Bob's device makes its sender key; we received its distribution while only his number was known
        InMemoryDeviceStore bob = new InMemoryDeviceStore();
        bob.saveCredentials(DeviceCredentials.generate(random, 0));
        SenderKeyName bobsOwn = new SenderKeyName(group, new SignalAddress("15550001234", 2));
        SignalLocks locks = new SignalLocks(4);
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(bob.signalStores().senderKeys(), locks,
                random).create(bobsOwn);
        SenderKeyName underNumber = addressing.senderKeyName(group, PHONE.withDevice(2));
        assertThat(underNumber.sender()).isEqualTo(new SignalAddress("15550001234", 2));
        new GroupSessionBuilder(store.signalStores().senderKeys(), locks, random).process(underNumber,
                SenderKeyDistributionMessage.parse(distribution.serialized()));

        // then the group names him by LID (participant_pn beside it)
        addressing.learnFrom(Node.builder("message").attribute("from", Jid.parse(group))
                .attribute("participant", LID.withDevice(2)).attribute("participant_pn", PHONE).build());
        byte[] sent = new GroupCipher(bob.signalStores().senderKeys(), locks, random)
                .encrypt(bobsOwn, new byte[]{1, 2, 3}).serialized();
        SenderKeyName underLid = addressing.senderKeyName(group, LID.withDevice(2));

        assertThat(underLid.sender()).isEqualTo(new SignalAddress("123456789012345_1", 2));
        assertThat(new GroupCipher(store.signalStores().senderKeys(), locks, random).decrypt(underLid, sent))
                .containsExactly(1, 2, 3);
        assertThat(store.signalStores().senderKeys().loadSenderKey(underNumber)).isEmpty();
    }
}
