package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A companion's offline queue as acks empty it: an ack names an id and (as {@code to}) the stanza's sender, and takes
 * out every queued stanza with both, whatever its tag or type; an ack without {@code to} takes out every stanza of
 * the id. The queue is indexed by id, so these are the cases the index must keep.
 */
class CompanionQueueTest {

    private static final String SINK = "15559990000@s.whatsapp.net";
    private static final String OTHER = "15559990002@s.whatsapp.net";

    @Test
    void anAckTakesOutTheStanzasOfItsIdFromItsSenderOnly() {
        CompanionDevice device = offlineDevice();
        Node delivery = receipt("3EB0A1", SINK, null);
        Node read = receipt("3EB0A1", SINK, "read");
        Node fromOther = receipt("3EB0A1", OTHER, null);
        Node message = Node.builder("message").attribute("id", "3EB0A1").attribute("from", SINK)
                .attribute("type", "text").build();
        Node later = receipt("3EB0A2", SINK, null);
        for (Node stanza : new Node[] {delivery, read, fromOther, message, later}) {
            device.deliver(stanza);
        }
        assertThat(device.pending()).containsExactly(delivery, read, fromOther, message, later);

        device.acknowledged("3EB0A1", SINK);
        assertThat(device.pending()).containsExactly(fromOther, later);

        device.acknowledged("3EB0A9", SINK);
        device.acknowledged("3EB0A2", OTHER);
        assertThat(device.pending()).containsExactly(fromOther, later);

        device.acknowledged("3EB0A1", null);
        assertThat(device.pending()).containsExactly(later);
        assertThat(device.queuedCount()).isEqualTo(1);
    }

    @Test
    void aStanzaQueuedTwiceIsOneEntryKeepingItsPlaceAndOneAckTakesItOut() {
        CompanionDevice device = offlineDevice();
        Node first = receipt("3EB0B1", SINK, null);
        Node second = receipt("3EB0B2", SINK, null);
        device.deliver(first);
        device.deliver(second);
        Node again = first.toBuilder().attribute("t", "1800000001").build();
        device.deliver(again);
        assertThat(device.pending()).containsExactly(again, second);

        device.acknowledged("3EB0B1", SINK);
        assertThat(device.pending()).containsExactly(second);
        device.deliver(first);
        assertThat(device.pending()).containsExactly(second, first);
    }

    @Test
    void aRemovedDeviceQueuesNothingAndForgetsItsQueue() {
        CompanionDevice device = offlineDevice();
        device.deliver(receipt("3EB0C1", SINK, null));
        device.remove();
        device.deliver(receipt("3EB0C2", SINK, null));
        device.acknowledged("3EB0C1", SINK);
        assertThat(device.pending()).isEmpty();
    }

    private static CompanionDevice offlineDevice() {
        return new CompanionDevice(Jid.parse("15550001111:1@s.whatsapp.net"), Jid.parse("100000000000001:1@lid"),
                new byte[32], new PublishedKeys(7, new byte[32], new PublishedKeys.SignedPreKey(1, new byte[32],
                new byte[64])), new byte[0], 1);
    }

    private static Node receipt(String id, String from, String type) {
        return Node.builder("receipt").attribute("id", id).attribute("from", from).attribute("type", type)
                .attribute("t", "1800000000").build();
    }
}
