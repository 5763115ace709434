package dev.wagateway.protocol.bench;

import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Encode and decode of a typical incoming message stanza and of a 100-participant group info node. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NodeCodecBenchmark {

    private Node message;
    private Node group;
    private byte[] messageBytes;
    private byte[] groupBytes;

    @Setup
    public void setUp() {
        byte[] ciphertext = new byte[200];
        new Random(1).nextBytes(ciphertext);
        message = Node.builder("message")
                .attribute("from", "15551234567@s.whatsapp.net")
                .attribute("id", "3EB0C431D2A1B2C3D4E5")
                .attribute("t", "1774433730")
                .attribute("type", "text")
                .attribute("notify", "Alice")
                .children(Node.builder("enc").attribute("v", "2").attribute("type", "msg").bytes(ciphertext).build())
                .build();
        List<Node> participants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            participants.add(Node.builder("participant").attribute("jid", (15550000000L + i) + "@s.whatsapp.net")
                    .attribute("lid", (100000000000L + i) + "@lid").build());
        }
        group = Node.builder("iq").attribute("from", "g.us").attribute("id", "42").attribute("type", "result")
                .children(Node.builder("group").attribute("id", "120363022222222222")
                        .attribute("subject", "Benchmark group").attribute("creation", "1774433730")
                        .children(participants).build())
                .build();
        messageBytes = NodeEncoder.encode(message);
        groupBytes = NodeEncoder.encode(group);
    }

    @Benchmark
    public byte[] encodeMessage() {
        return NodeEncoder.encode(message);
    }

    @Benchmark
    public Node decodeMessage() throws MalformedNodeException {
        return NodeDecoder.decode(messageBytes);
    }

    @Benchmark
    public byte[] encodeGroup100() {
        return NodeEncoder.encode(group);
    }

    @Benchmark
    public Node decodeGroup100() throws MalformedNodeException {
        return NodeDecoder.decode(groupBytes);
    }
}
