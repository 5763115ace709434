package dev.wagateway.protocol.binary;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A decoded node's children: an unmodifiable list over the array the decoder filled, so that a group answer's
 * hundreds of children are not copied into another list once read.
 */
final class NodeList extends AbstractList<Node> implements RandomAccess {

    private final Node[] nodes;

    /** Takes ownership of {@code nodes}, every slot filled; the caller must not touch it afterwards. */
    NodeList(Node[] nodes) {
        this.nodes = nodes;
    }

    @Override
    public Node get(int index) {
        return nodes[index];
    }

    @Override
    public int size() {
        return nodes.length;
    }
}
