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
        message = HeadToHead.message();
        group = HeadToHead.group();
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
