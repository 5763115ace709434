package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeContent;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic {@code binary-node}: encode(node) equals the peer's bytes, and decode(bytes) equals the node. */
final class BinaryNodeVectors {

    void check(JsonNode testCase) throws Exception {
        Node node = toNode(testCase.path("node"));
        String encoded = testCase.path("encoded").asText();

        assertThat(Hex.encode(NodeEncoder.encode(node))).as("encode").isEqualTo(encoded);
        Node decoded = NodeDecoder.decode(Hex.decode(encoded));
        assertThat(decoded).as("decode").isEqualTo(node);
        assertThat(List.copyOf(decoded.attributes().keySet())).as("attribute order")
                .isEqualTo(List.copyOf(node.attributes().keySet()));
    }

    static Node toNode(JsonNode json) {
        Map<String, String> attributes = new LinkedHashMap<>();
        json.path("attrs").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        JsonNode content = json.path("content");
        NodeContent nodeContent;
        if (content.isNull() || content.isMissingNode()) {
            nodeContent = new NodeContent.None();
        } else if (content.isArray()) {
            List<Node> children = new ArrayList<>();
            content.forEach(child -> children.add(toNode(child)));
            nodeContent = new NodeContent.Children(children);
        } else if (content.asText().startsWith("hex:")) {
            nodeContent = new NodeContent.Bytes(Hex.decode(content.asText().substring(4)));
        } else {
            throw new AssertionError("unexpected content in vector: " + content);
        }
        return new Node(json.path("tag").asText(), attributes, nodeContent);
    }
}
