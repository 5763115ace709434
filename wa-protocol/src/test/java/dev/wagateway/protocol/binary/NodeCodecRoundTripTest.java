package dev.wagateway.protocol.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/** Property: any node encodes and decodes back to an equal node, attribute order included. */
class NodeCodecRoundTripTest {

    @Test
    void randomNodesRoundTrip() throws MalformedNodeException {
        RandomNodes nodes = new RandomNodes(20261124L, false);
        for (int i = 0; i < 5_000; i++) {
            Node node = nodes.node(0);
            Node decoded = NodeDecoder.decode(NodeEncoder.encode(node));
            assertThat(decoded).as("case %d: %s", i, node).isEqualTo(node);
            assertThat(decoded.attributes().keySet()).containsExactlyElementsOf(node.attributes().keySet());
        }
    }

    @Test
    void contentLengthsAtTheLengthPrefixBoundariesRoundTrip() throws MalformedNodeException {
        for (int length : new int[]{0, 255, 256, (1 << 20) - 1, 1 << 20, (1 << 20) + 1}) {
            Node node = Node.builder("x").bytes(new byte[length]).build();
            byte[] encoded = NodeEncoder.encode(node);
            int expectedPrefix = length < 256 ? 0xfc : length < 1 << 20 ? 0xfd : 0xfe;
            assertThat(encoded[6] & 0xff).isEqualTo(expectedPrefix);
            assertThat(NodeDecoder.decode(encoded)).isEqualTo(node);
        }
    }

    @Test
    void jidsOfEveryServerRoundTripAndParse() throws MalformedNodeException {
        RandomNodes nodes = new RandomNodes(7, false);
        for (int i = 0; i < 2_000; i++) {
            String jid = nodes.jid();
            Node node = Node.builder("n").attribute("jid", jid).build();
            assertThat(NodeDecoder.decode(NodeEncoder.encode(node)).attribute("jid")).contains(jid);
        }
    }

    @Test
    void compressedFramesAreInflated() throws MalformedNodeException {
        Node node = new RandomNodes(3, false).node(0);
        byte[] plain = NodeEncoder.encode(node);
        Deflater deflater = new Deflater();
        deflater.setInput(plain, 1, plain.length - 1);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        assertThat(NodeDecoder.decode(out.toByteArray())).isEqualTo(node);
    }
}
