package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import dev.wagateway.protocol.signal.ratchet.RatchetLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.wagateway.protocol.signal.SessionCipherTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group messages with sender keys between our devices. */
class GroupCipherTest {

    private static final String GROUP = "120363000977714522@g.us";

    private final TestDevice sender = TestDevice.create("15550000001", 2);
    private final TestDevice member = TestDevice.create("15550000002", 0);
    private final SenderKeyName name = new SenderKeyName(GROUP, sender.address);

    @Test
    void distributedKeyDecryptsInAnyOrderAndReplaysAreDuplicates() throws Exception {
        distribute();
        List<SenderKeyMessage> sent = send(12);
        for (int i : new int[]{3, 0, 11, 7, 1, 2, 10, 4, 9, 5, 6, 8}) {
            assertThat(member.groupCipher.decrypt(name, sent.get(i).serialized())).isEqualTo(text(i));
        }
        for (SenderKeyMessage replay : sent) {
            assertError(() -> member.groupCipher.decrypt(name, replay), SignalError.DuplicateMessage.class);
        }
    }

    @Test
    void distributionCarriesTheCurrentIterationSoLateJoinersStartThere() throws Exception {
        sender.groupBuilder.create(name);
        List<SenderKeyMessage> before = send(5);
        distribute();
        assertThat(SenderKeyDistributionMessage.parse(sender.groupBuilder.create(name).serialized()).iteration())
                .isEqualTo(5);
        List<SenderKeyMessage> after = send(3);
        assertThat(member.groupCipher.decrypt(name, after.get(0))).isEqualTo(text(5));
        assertError(() -> member.groupCipher.decrypt(name, before.get(4)), SignalError.DuplicateMessage.class);
    }

    @Test
    void lookAheadIsBoundedAtTwoThousand() throws Exception {
        distribute();
        List<SenderKeyMessage> sent = send(RatchetLimits.MAX_SKIPPED_KEYS + 2);
        assertError(() -> member.groupCipher.decrypt(name, sent.getLast()),
                SignalError.TooManySkippedMessages.class);
        assertThat(member.groupCipher.decrypt(name, sent.get(RatchetLimits.MAX_SKIPPED_KEYS)))
                .isEqualTo(text(RatchetLimits.MAX_SKIPPED_KEYS));
        assertThat(member.groupCipher.decrypt(name, sent.getLast())).isEqualTo(text(RatchetLimits.MAX_SKIPPED_KEYS + 1));
        assertThat(member.groupCipher.decrypt(name, sent.getFirst())).isEqualTo(text(0));
    }

    @Test
    void badSignatureUnknownKeyAndNoKeyAreRefusedWithoutTouchingTheState() throws Exception {
        assertError(() -> member.groupCipher.decrypt(name, sender.groupCipher.encrypt(name, text(0))),
                SignalError.NoSenderKey.class);
        distribute();
        SenderKeyMessage message = sender.groupCipher.encrypt(name, text(1));
        byte[] forged = message.serialized();
        forged[forged.length - 10] ^= 1;
        byte[] before = member.stores.senderKeys().loadSenderKey(name).orElseThrow().serialize();
        assertError(() -> member.groupCipher.decrypt(name, forged), SignalError.InvalidSignature.class);
        assertThat(member.stores.senderKeys().loadSenderKey(name).orElseThrow().serialize()).isEqualTo(before);

        TestDevice impostor = TestDevice.create("15550000001", 2);
        impostor.groupBuilder.create(name);
        assertError(() -> member.groupCipher.decrypt(name, impostor.groupCipher.encrypt(name, text(2))),
                SignalError.NoSenderKey.class);
        assertThat(member.groupCipher.decrypt(name, message)).isEqualTo(text(1));
        assertError(() -> member.groupCipher.decrypt(name, new byte[]{0x33, 1}), SignalError.InvalidMessage.class);
    }

    @Test
    void encryptingNeedsOurOwnKey() throws Exception {
        assertError(() -> sender.groupCipher.encrypt(name, text(0)), SignalError.NoSenderKey.class);
        distribute();
        // The member holds the sender's key without its private signing half: it cannot send under it.
        assertError(() -> member.groupCipher.encrypt(name, text(0)), SignalError.NoSenderKey.class);
    }

    @Test
    void severalStatesPerSenderKeepOldMessagesDecryptable() throws Exception {
        distribute();
        List<SenderKeyMessage> old = send(3);
        for (int rotation = 0; rotation < SenderKeyRecord.MAX_STATES - 1; rotation++) {
            sender.stores.senderKeys().deleteSenderKey(name);
            distribute();
        }
        SenderKeyMessage current = sender.groupCipher.encrypt(name, text(99));
        assertThat(member.stores.senderKeys().loadSenderKey(name).orElseThrow().states())
                .hasSize(SenderKeyRecord.MAX_STATES);
        assertThat(member.groupCipher.decrypt(name, old.get(2))).isEqualTo(text(2));
        assertThat(member.groupCipher.decrypt(name, current)).isEqualTo(text(99));

        sender.stores.senderKeys().deleteSenderKey(name);
        distribute();
        assertError(() -> member.groupCipher.decrypt(name, old.get(1)), SignalError.NoSenderKey.class);
    }

    @Test
    void theSameDistributionAgainNeverRewindsTheChain() throws Exception {
        byte[] distribution = sender.groupBuilder.create(name).serialized();
        member.groupBuilder.process(name, SenderKeyDistributionMessage.parse(distribution));
        List<SenderKeyMessage> sent = send(3);
        for (SenderKeyMessage message : sent) {
            member.groupCipher.decrypt(name, message);
        }
        member.groupBuilder.process(name, SenderKeyDistributionMessage.parse(distribution));
        assertThat(member.stores.senderKeys().loadSenderKey(name).orElseThrow().states()).hasSize(1);
        assertError(() -> member.groupCipher.decrypt(name, sent.getFirst()), SignalError.DuplicateMessage.class);
    }

    @Test
    void senderKeyRecordsSurviveSerialization() throws Exception {
        distribute();
        List<SenderKeyMessage> sent = send(6);
        member.groupCipher.decrypt(name, sent.get(5));
        SenderKeyRecord record = member.stores.senderKeys().loadSenderKey(name).orElseThrow();
        SenderKeyRecord copy = SenderKeyRecord.parse(record.serialize());
        assertThat(copy.serialize()).isEqualTo(record.serialize());
        assertThat(copy.newest().orElseThrow().skippedCount()).isEqualTo(5);
        assertThat(copy.newest().orElseThrow().signingPrivate()).isEmpty();
        assertThatThrownBy(() -> SenderKeyRecord.parse(new byte[]{10, 5, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    private void distribute() throws Exception {
        SenderKeyDistributionMessage distribution = sender.groupBuilder.create(name);
        member.groupBuilder.process(name, SenderKeyDistributionMessage.parse(distribution.serialized()));
    }

    private List<SenderKeyMessage> send(int count) throws Exception {
        int start = (int) sender.stores.senderKeys().loadSenderKey(name).orElseThrow().newest().orElseThrow()
                .chainKey().index();
        List<SenderKeyMessage> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(sender.groupCipher.encrypt(name, text(start + i)));
        }
        return sent;
    }

    private static byte[] text(int i) {
        return ("group message " + i).getBytes(StandardCharsets.UTF_8);
    }
}
