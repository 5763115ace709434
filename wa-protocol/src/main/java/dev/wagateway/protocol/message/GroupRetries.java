package dev.wagateway.protocol.message;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.store.SignalStores;

import java.security.SecureRandom;

/**
 * The shape of a group message sent again after a member device's retry receipt (whatsmeow
 * {@code handleRetryReceipt}): not a new {@code skmsg} for everyone, but the original content encrypted pairwise for
 * that device alone with our current sender key inside it, so the device can read the next group messages too;
 * addressed to the group with the device as {@code participant}.
 */
final class GroupRetries {

    private GroupRetries() {
    }

    /** {@code message} with our sender key distribution message for {@code group} added. */
    static Message withSenderKey(SignalStores stores, SignalLocks locks, SecureRandom random, Jid group,
                                 SignalAddress ourAddress, Message message) {
        SenderKeyDistributionMessage distribution = new GroupSessionBuilder(stores.senderKeys(), locks, random)
                .create(new SenderKeyName(group.toString(), ourAddress));
        return message.toBuilder().setSenderKeyDistributionMessage(Message.SenderKeyDistribution.newBuilder()
                .setGroupId(group.toString())
                .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(distribution.serialized()))).build();
    }

    /** The stanza's head: to the group, for {@code device} only, under the original id. */
    static Node.Builder stanza(Jid group, Jid device, String id) {
        return Node.builder("message").attribute("id", id).attribute("to", group).attribute("participant", device);
    }
}
