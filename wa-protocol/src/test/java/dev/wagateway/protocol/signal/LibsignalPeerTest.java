package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our implementation against libsignal's Java implementation (signal-protocol-java 2.8.1) as an independent peer:
 * sessions started from either side, a thousand messages each way over a network that reorders, drops and repeats,
 * and group messages both ways.
 */
class LibsignalPeerTest {

    private static final DeliverySimulation.Settings HOSTILE =
            new DeliverySimulation.Settings(1000, 0.05, 0.05, 2);

    private static LibsignalPeer peer;

    private final SignalAddress ours = new SignalAddress("15550000001", 3);
    private final SignalAddress theirs = new SignalAddress("15550000002_1", 0);

    @BeforeAll
    static void loadPeer() throws Exception {
        peer = LibsignalPeer.load();
    }

    @Test
    void weStartTheSessionThenAThousandMessagesEachWay() throws Exception {
        TestDevice alice = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device bob = peer.newDevice(theirs);
        alice.builder.process(theirs, bob.bundle());

        var outcome = new DeliverySimulation(new Random(0x5167_0001L), new OurParty(alice, theirs),
                new PeerParty(bob, ours), HOSTILE).run();

        assertThat(outcome.delivered() + outcome.dropped()).isEqualTo(2000);
        assertThat(outcome.duplicatesRejected()).isPositive();
        assertThat(outcome.ratchetKeys()).as("ratchet turns happened").isGreaterThan(20);
    }

    @Test
    void peerStartsTheSessionThenAThousandMessagesEachWay() throws Exception {
        TestDevice bob = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device alice = peer.newDevice(theirs);
        alice.processBundle(ours, bob.bundle());

        var outcome = new DeliverySimulation(new Random(0x5167_0002L), new PeerParty(alice, ours),
                new OurParty(bob, theirs), HOSTILE).run();

        assertThat(outcome.delivered() + outcome.dropped()).isEqualTo(2000);
        assertThat(outcome.duplicatesRejected()).isPositive();
        assertThat(bob.stores.identities().identity(theirs)).contains(alice.identityKey());
    }

    @Test
    void sessionsWithoutOneTimePreKeysWorkBothWays() throws Exception {
        var settings = new DeliverySimulation.Settings(50, 0.0, 0.1, 2);

        TestDevice alice = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device bob = peer.newDevice(theirs);
        PreKeyBundle full = bob.bundle();
        alice.builder.process(theirs, new PreKeyBundle(full.registrationId(), full.identityKey(),
                full.signedPreKey(), Optional.empty()));
        new DeliverySimulation(new Random(3), new OurParty(alice, theirs), new PeerParty(bob, ours), settings).run();

        TestDevice ourBob = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device theirAlice = peer.newDevice(theirs);
        theirAlice.processBundle(ours, ourBob.bundleWithoutPreKey());
        new DeliverySimulation(new Random(33), new PeerParty(theirAlice, ours), new OurParty(ourBob, theirs),
                settings).run();
    }

    @Test
    void simultaneousSessionStartsConverge() throws Exception {
        TestDevice we = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device they = peer.newDevice(theirs);
        we.builder.process(theirs, they.bundle());
        they.processBundle(ours, we.bundle());
        Envelope ourFirst = envelope(we.cipher.encrypt(theirs, bytes("ours first")));
        Envelope theirFirst = they.encrypt(ours, bytes("theirs first"));
        assertThat(ourFirst.type()).isEqualTo("pkmsg");
        assertThat(theirFirst.type()).isEqualTo("pkmsg");

        // Both pkmsgs cross: each side now has two sessions, each current one started by the other side.
        assertThat(they.decrypt(ours, ourFirst)).isEqualTo(bytes("ours first"));
        assertThat(we.cipher.decrypt(theirs, theirFirst.type(), theirFirst.bytes())).isEqualTo(bytes("theirs first"));

        var settings = new DeliverySimulation.Settings(100, 0.05, 0.05, 2);
        new DeliverySimulation(new Random(4), new OurParty(we, theirs), new PeerParty(they, ours), settings).run();
    }

    @Test
    void groupMessagesFromThePeerDecryptInAnyOrder() throws Exception {
        String group = "120363000000000001@g.us";
        TestDevice we = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device they = peer.newDevice(theirs);
        SenderKeyName name = new SenderKeyName(group, theirs);
        we.groupBuilder.process(name, SenderKeyDistributionMessage.parse(they.createGroupKey(group)));

        Random random = new Random(5);
        List<byte[]> plaintexts = new ArrayList<>();
        List<Integer> deliveries = new ArrayList<>();
        List<byte[]> ciphertexts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] plaintext = bytes("group message " + i + " from the peer");
            plaintexts.add(plaintext);
            ciphertexts.add(they.groupEncrypt(group, plaintext));
            if (random.nextDouble() >= 0.05) {
                deliveries.add(i);
                if (random.nextDouble() < 0.05) {
                    deliveries.add(i);
                }
            }
        }
        Collections.shuffle(deliveries, random);
        boolean[] seen = new boolean[plaintexts.size()];
        for (int i : deliveries) {
            if (seen[i]) {
                assertThatThrownBy(() -> we.groupCipher.decrypt(name, ciphertexts.get(i)))
                        .isInstanceOfSatisfying(SignalProtocolException.class, e ->
                                assertThat(e.error()).isInstanceOf(SignalError.DuplicateMessage.class));
            } else {
                assertThat(we.groupCipher.decrypt(name, ciphertexts.get(i))).isEqualTo(plaintexts.get(i));
                seen[i] = true;
            }
        }
    }

    @Test
    void groupMessagesToThePeerDecryptInAnyOrderAcrossAKeyRotation() throws Exception {
        String group = "120363000000000002@g.us";
        TestDevice we = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device they = peer.newDevice(theirs);
        SenderKeyName name = new SenderKeyName(group, ours);
        they.processGroupKey(group, ours, we.groupBuilder.create(name).serialized());

        Random random = new Random(6);
        List<byte[]> plaintexts = new ArrayList<>();
        List<byte[]> ciphertexts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (i == 200) {
                // A member left: we drop our key and distribute a new one; messages under the old key are in flight.
                we.stores.senderKeys().deleteSenderKey(name);
                they.processGroupKey(group, ours, we.groupBuilder.create(name).serialized());
            }
            byte[] plaintext = bytes("group message " + i + " from us");
            plaintexts.add(plaintext);
            ciphertexts.add(we.groupCipher.encrypt(name, plaintext).serialized());
        }
        List<Integer> deliveries = new ArrayList<>();
        for (int i = 0; i < plaintexts.size(); i++) {
            if (random.nextDouble() >= 0.05) {
                deliveries.add(i);
                if (random.nextDouble() < 0.05) {
                    deliveries.add(i);
                }
            }
        }
        Collections.shuffle(deliveries, random);
        boolean[] seen = new boolean[plaintexts.size()];
        for (int i : deliveries) {
            if (seen[i]) {
                assertThatThrownBy(() -> they.groupDecrypt(group, ours, ciphertexts.get(i)))
                        .isInstanceOfSatisfying(LibsignalPeer.PeerException.class, e ->
                                assertThat(e.isDuplicate()).as(e.getMessage()).isTrue());
            } else {
                assertThat(they.groupDecrypt(group, ours, ciphertexts.get(i))).isEqualTo(plaintexts.get(i));
                seen[i] = true;
            }
        }
    }

    @Test
    void peerRejectsOurMessageWhenTampered() throws Exception {
        TestDevice we = TestDevice.create(ours.name(), ours.deviceId());
        LibsignalPeer.Device they = peer.newDevice(theirs);
        we.builder.process(theirs, they.bundle());
        Envelope sent = envelope(we.cipher.encrypt(theirs, bytes("hello")));
        byte[] tampered = sent.bytes().clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> they.decrypt(ours, new Envelope(sent.type(), tampered)))
                .isInstanceOf(LibsignalPeer.PeerException.class);
        assertThat(they.decrypt(ours, sent)).isEqualTo(bytes("hello"));
    }

    private static Envelope envelope(PairwiseMessage message) {
        return new Envelope(message.encType(), message.serialized());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
